package io.frameflow.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.frameflow.job.kafka.registry.SubjectNameStrategy;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.options.SharedOptions;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Precision;
import io.frameflow.zoo.model.QuantizedEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * Every Frameflow setting as a typed Flink option: key, type, default and description. The README's
 * configuration reference is generated from {@link #ALL}.
 */
public final class FrameflowOptions {

    private FrameflowOptions() {}

    // Kafka
    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka brokers, host:port[,host:port...].");

    public static final ConfigOption<String> INPUT_TOPIC =
            key("kafka.input-topic")
                    .stringType()
                    .defaultValue("frames")
                    .withDescription("Topic of the ImageEvent records to classify.");

    public static final ConfigOption<String> OUTPUT_TOPIC =
            key("kafka.output-topic")
                    .stringType()
                    .defaultValue("predictions")
                    .withDescription("Topic the Prediction records are written to.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("kafka.dead-letter-topic")
                    .stringType()
                    .defaultValue("frames-dlq")
                    .withDescription("Topic the DeadLetter records are written to.");

    public static final ConfigOption<String> GROUP_ID =
            key("kafka.group-id")
                    .stringType()
                    .defaultValue("frameflow")
                    .withDescription("Consumer group of the frames source.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            key("kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where to start reading: earliest, latest, or committed (the group's"
                                    + " offsets, else earliest).");

    public static final ConfigOption<WireFormat> WIRE_FORMAT =
            key("kafka.wire-format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO_SINGLE_OBJECT)
                    .withDescription(
                            "Encoding of record values: avro-single-object (Avro's fingerprinted"
                                    + " single-object encoding), avro-binary, or confluent (magic"
                                    + " byte, schema registry id, Avro binary; needs"
                                    + " schema-registry.url).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("frameflow")
                    .withDescription(
                            "Prefix of the exactly-once sinks' transactional ids; unique per job"
                                    + " writing to the same cluster.");

    public static final ConfigOption<Map<String, String>> KAFKA_PROPERTIES =
            key("kafka.properties")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Extra Kafka client properties for every source and sink, e.g."
                                    + " security.protocol:SASL_SSL,sasl.mechanism:SCRAM-SHA-512.");

    // Schema registry (kafka.wire-format: confluent)
    public static final ConfigOption<String> SCHEMA_REGISTRY_URL =
            key("schema-registry.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Base URL of a Confluent-compatible schema registry API, several"
                                    + " separated by commas (tried in turn), e.g."
                                    + " http://registry:8081 or, for Apicurio,"
                                    + " http://registry:8080/apis/ccompat/v7.");

    public static final ConfigOption<Map<String, String>> SCHEMA_REGISTRY_PROPERTIES =
            key("schema-registry.properties")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Registry client settings under Confluent's names:"
                                    + " basic.auth.credentials.source (USER_INFO or URL),"
                                    + " basic.auth.user.info (user:password),"
                                    + " schema.registry.ssl.truststore.location/password/type,"
                                    + " schema.registry.ssl.keystore.location/password/type,"
                                    + " schema.registry.ssl.key.password.");

    public static final ConfigOption<SubjectNameStrategy> SUBJECT_NAME_STRATEGY =
            key("schema-registry.subject-name-strategy")
                    .enumType(SubjectNameStrategy.class)
                    .defaultValue(SubjectNameStrategy.TOPIC_NAME)
                    .withDescription(
                            "Subject writers register under: topic-name (<topic>-value),"
                                    + " record-name (the record's full name) or topic-record-name"
                                    + " (<topic>-<full name>).");

    public static final ConfigOption<Boolean> AUTO_REGISTER_SCHEMAS =
            key("schema-registry.auto-register")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Writers register their schema under the subject; false only looks"
                                    + " its id up, and fails if it is not registered.");

    public static final ConfigOption<Duration> SCHEMA_REGISTRY_REQUEST_TIMEOUT =
            key("schema-registry.request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Longest one registry request may take.");

    public static final ConfigOption<Duration> SCHEMA_REGISTRY_RETRY_TIMEOUT =
            key("schema-registry.retry-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How long an unreachable registry (refused connection, timeout, HTTP"
                                    + " 5xx) is retried, backing off from 100 ms to 5 s, before the"
                                    + " task fails and Flink's restart strategy takes over; records"
                                    + " wait meanwhile and never become dead letters for it.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            key("delivery.guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription("exactly-once (transactional sinks) or at-least-once.");

    // Execution
    /**
     * Flink's own key, so that {@code --parallelism}, {@code -D parallelism.default} and {@code
     * flink run -p} are one setting for every command.
     */
    public static final ConfigOption<Integer> PARALLELISM =
            key("parallelism.default")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Parallelism of every operator; the same setting as flink run -p."
                                    + " Unset: the cluster's parallelism.default, or the number"
                                    + " of cores on a local run.");

    // Fault tolerance
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval; with exactly-once, also how often predictions"
                                    + " become visible to read_committed consumers.");

    public static final ConfigOption<Integer> RESTART_ATTEMPTS =
            key("restart.attempts")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Restarts after failures before the job fails (fixed delay).");

    public static final ConfigOption<Duration> RESTART_DELAY =
            key("restart.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Delay between restarts.");

    // Event time
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "How far behind the newest frame of a partition a frame may be.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            key("watermark.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without frames this long stops holding back watermarks.");

    // Model
    public static final ConfigOption<String> MODEL = SharedOptions.modelLocation("model.location");

    public static final ConfigOption<String> DEVICE = SharedOptions.device("model.device");

    public static final ConfigOption<Precision> PRECISION =
            SharedOptions.precision("model.precision");

    public static final ConfigOption<Boolean> CPU_FALLBACK =
            SharedOptions.cpuFallback("model.cpu-fallback");

    public static final ConfigOption<String> MODEL_SHA256 =
            SharedOptions.modelSha256("model.sha256");

    public static final ConfigOption<QuantizedEngine> QUANTIZED_ENGINE =
            key("model.quantized-engine")
                    .enumType(QuantizedEngine.class)
                    .defaultValue(ModelSpec.DEFAULT_QUANTIZED_ENGINE)
                    .withDescription(
                            "libtorch kernels for int8 models, which the loader sets (for the"
                                    + " whole TaskManager) before one loads: X86, FBGEMM, QNNPACK"
                                    + " or ONEDNN; float models ignore it.");

    public static final ConfigOption<Integer> TOP_K =
            key("model.top-k").intType().defaultValue(5).withDescription("Labels per prediction.");

    public static final ConfigOption<String> MODEL_CONTROL_TOPIC =
            key("model.control-topic")
                    .stringType()
                    .defaultValue("frameflow-models")
                    .withDescription(
                            "Topic of the ModelDescriptor records that swap, canary, shadow and"
                                + " roll back models while the job runs (read from its beginning on"
                                + " a fresh start; it may be created later); empty turns model"
                                + " control off.");

    public static final ConfigOption<String> MODEL_STATUS_TOPIC =
            key("model.status-topic")
                    .stringType()
                    .defaultValue("frameflow-model-status")
                    .withDescription(
                            "Topic the classify subtasks write ModelStatus records to: models in"
                                    + " force, applied and refused descriptors. Shadow"
                                    + " predictions go to <kafka.output-topic>-shadow.");

    // Classifier
    public static final ConfigOption<Integer> BATCH_SIZE =
            key("classifier.batch-size")
                    .intType()
                    .defaultValue(ClassifierOptions.DEFAULT_BATCH_SIZE)
                    .withDescription("Largest micro-batch, 1 to 1024.");

    public static final ConfigOption<Duration> MAX_WAIT =
            SharedOptions.maxWait("classifier.max-wait");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            key("classifier.intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "libtorch intra-op threads per TaskManager; 0 = cores / slots.");

    public static final ConfigOption<Integer> INTER_OP_THREADS =
            SharedOptions.interOpThreads("classifier.inter-op-threads");

    public static final ConfigOption<Boolean> WARM_UP = SharedOptions.warmUp("classifier.warm-up");

    public static final ConfigOption<Boolean> GRAPH_OPTIMIZER =
            SharedOptions.graphOptimizer("classifier.graph-optimizer");

    public static final ConfigOption<Integer> IN_FLIGHT_BATCHES =
            key("classifier.in-flight-batches")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "0: classify on the task thread; N (1-8): a worker thread classifies"
                                    + " while the task thread decodes the next batch, at most N"
                                    + " batches in flight (drained before every checkpoint).");

    // Images
    public static final ConfigOption<MemorySize> MAX_IMAGE_BYTES =
            SharedOptions.maxImageBytes("image.max-bytes");

    public static final ConfigOption<Long> MAX_IMAGE_PIXELS =
            SharedOptions.maxImagePixels("image.max-pixels");

    public static final ConfigOption<List<String>> ALLOWED_ROOTS =
            key("image.allowed-roots")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "URI prefixes images given by URI may be read from (any Flink"
                                + " FileSystem), separated by ';'; empty disables reading by URI.");

    /** Every option, in the order of the configuration reference. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    INPUT_TOPIC,
                    OUTPUT_TOPIC,
                    DEAD_LETTER_TOPIC,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    WIRE_FORMAT,
                    TRANSACTIONAL_ID_PREFIX,
                    KAFKA_PROPERTIES,
                    SCHEMA_REGISTRY_URL,
                    SCHEMA_REGISTRY_PROPERTIES,
                    SUBJECT_NAME_STRATEGY,
                    AUTO_REGISTER_SCHEMAS,
                    SCHEMA_REGISTRY_REQUEST_TIMEOUT,
                    SCHEMA_REGISTRY_RETRY_TIMEOUT,
                    DELIVERY_GUARANTEE,
                    PARALLELISM,
                    CHECKPOINT_INTERVAL,
                    RESTART_ATTEMPTS,
                    RESTART_DELAY,
                    OUT_OF_ORDERNESS,
                    IDLE_TIMEOUT,
                    MODEL,
                    DEVICE,
                    PRECISION,
                    CPU_FALLBACK,
                    MODEL_SHA256,
                    QUANTIZED_ENGINE,
                    TOP_K,
                    MODEL_CONTROL_TOPIC,
                    MODEL_STATUS_TOPIC,
                    BATCH_SIZE,
                    MAX_WAIT,
                    INTRA_OP_THREADS,
                    INTER_OP_THREADS,
                    WARM_UP,
                    GRAPH_OPTIMIZER,
                    IN_FLIGHT_BATCHES,
                    MAX_IMAGE_BYTES,
                    MAX_IMAGE_PIXELS,
                    ALLOWED_ROOTS);
}
