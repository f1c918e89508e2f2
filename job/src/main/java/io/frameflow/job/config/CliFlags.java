package io.frameflow.job.config;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.job.backfill.BackfillOptions;
import io.frameflow.job.produce.ProducerOptions;
import io.frameflow.job.view.ViewOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Which flags each command takes, and their registration with picocli. */
public final class CliFlags {

    /** The schema registry's flags, which the job and the producer share. */
    private static final List<CliFlag> SCHEMA_REGISTRY =
            List.of(
                    new CliFlag("--schema-registry-url", SCHEMA_REGISTRY_URL),
                    new CliFlag("--schema-registry-properties", SCHEMA_REGISTRY_PROPERTIES),
                    new CliFlag("--subject-name-strategy", SUBJECT_NAME_STRATEGY),
                    new CliFlag("--auto-register-schemas", AUTO_REGISTER_SCHEMAS),
                    new CliFlag(
                            "--schema-registry-request-timeout", SCHEMA_REGISTRY_REQUEST_TIMEOUT),
                    new CliFlag("--schema-registry-retry-timeout", SCHEMA_REGISTRY_RETRY_TIMEOUT));

    /** The flags of {@code stream}: every job option. */
    public static final List<CliFlag> STREAM =
            join(
                    SCHEMA_REGISTRY,
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--input-topic", INPUT_TOPIC),
                    new CliFlag("--output-topic", OUTPUT_TOPIC),
                    new CliFlag("--dead-letter-topic", DEAD_LETTER_TOPIC),
                    new CliFlag("--group-id", GROUP_ID),
                    new CliFlag("--starting-offsets", STARTING_OFFSETS),
                    new CliFlag("--wire-format", WIRE_FORMAT),
                    new CliFlag("--transactional-id-prefix", TRANSACTIONAL_ID_PREFIX),
                    new CliFlag("--kafka-properties", KAFKA_PROPERTIES),
                    new CliFlag("--delivery-guarantee", DELIVERY_GUARANTEE),
                    new CliFlag("--parallelism", PARALLELISM),
                    new CliFlag("--checkpoint-interval", CHECKPOINT_INTERVAL),
                    new CliFlag("--restart-attempts", RESTART_ATTEMPTS),
                    new CliFlag("--restart-delay", RESTART_DELAY),
                    new CliFlag("--out-of-orderness", OUT_OF_ORDERNESS),
                    new CliFlag("--idle-timeout", IDLE_TIMEOUT),
                    new CliFlag("--model", MODEL),
                    new CliFlag("--device", DEVICE),
                    new CliFlag("--precision", PRECISION),
                    new CliFlag("--cpu-fallback", CPU_FALLBACK),
                    new CliFlag("--model-sha256", MODEL_SHA256),
                    new CliFlag("--quantized-engine", QUANTIZED_ENGINE),
                    new CliFlag("--top-k", TOP_K),
                    new CliFlag("--control-topic", MODEL_CONTROL_TOPIC),
                    new CliFlag("--status-topic", MODEL_STATUS_TOPIC),
                    new CliFlag("--batch-size", BATCH_SIZE),
                    new CliFlag("--max-wait", MAX_WAIT),
                    new CliFlag("--intra-op-threads", INTRA_OP_THREADS),
                    new CliFlag("--inter-op-threads", INTER_OP_THREADS),
                    new CliFlag("--warm-up", WARM_UP),
                    new CliFlag("--graph-optimizer", GRAPH_OPTIMIZER),
                    new CliFlag("--in-flight-batches", IN_FLIGHT_BATCHES),
                    new CliFlag("--max-image-bytes", MAX_IMAGE_BYTES),
                    new CliFlag("--max-image-pixels", MAX_IMAGE_PIXELS),
                    new CliFlag("--allowed-roots", ALLOWED_ROOTS));

    /** The flags of {@code produce}. */
    public static final List<CliFlag> PRODUCE =
            join(
                    SCHEMA_REGISTRY,
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--topic", INPUT_TOPIC),
                    new CliFlag("--wire-format", WIRE_FORMAT),
                    new CliFlag("--kafka-properties", KAFKA_PROPERTIES),
                    new CliFlag("--source", ProducerOptions.SOURCE),
                    new CliFlag("--cameras", ProducerOptions.CAMERAS),
                    new CliFlag("--fps", ProducerOptions.FPS),
                    new CliFlag("--loop", ProducerOptions.LOOP),
                    new CliFlag("--limit", ProducerOptions.LIMIT),
                    new CliFlag("--corrupt-every", ProducerOptions.CORRUPT_EVERY));

    /** The flags of {@code model publish}. */
    public static final List<CliFlag> MODEL_PUBLISH =
            join(
                    SCHEMA_REGISTRY,
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--control-topic", MODEL_CONTROL_TOPIC),
                    new CliFlag("--wire-format", WIRE_FORMAT),
                    new CliFlag("--kafka-properties", KAFKA_PROPERTIES));

    /** The flags of {@code model status}. */
    public static final List<CliFlag> MODEL_STATUS =
            join(
                    SCHEMA_REGISTRY,
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--status-topic", MODEL_STATUS_TOPIC),
                    new CliFlag("--wire-format", WIRE_FORMAT),
                    new CliFlag("--kafka-properties", KAFKA_PROPERTIES));

    /** The flags of {@code backfill}. */
    public static final List<CliFlag> BACKFILL =
            List.of(
                    new CliFlag("--input", BackfillOptions.INPUTS),
                    new CliFlag("--include", BackfillOptions.INCLUDE),
                    new CliFlag("--exclude", BackfillOptions.EXCLUDE),
                    new CliFlag("--labels", BackfillOptions.LABELS),
                    new CliFlag("--output", BackfillOptions.OUTPUT),
                    new CliFlag("--skip-existing", BackfillOptions.SKIP_EXISTING),
                    new CliFlag("--parallelism", PARALLELISM),
                    new CliFlag("--kafka-output", BackfillOptions.KAFKA_OUTPUT),
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--output-topic", OUTPUT_TOPIC),
                    new CliFlag("--dead-letter-topic", DEAD_LETTER_TOPIC),
                    new CliFlag("--model", MODEL),
                    new CliFlag("--device", DEVICE),
                    new CliFlag("--precision", PRECISION),
                    new CliFlag("--model-sha256", MODEL_SHA256),
                    new CliFlag("--quantized-engine", QUANTIZED_ENGINE),
                    new CliFlag("--top-k", TOP_K),
                    new CliFlag("--batch-size", BATCH_SIZE),
                    new CliFlag("--intra-op-threads", INTRA_OP_THREADS),
                    new CliFlag("--max-image-bytes", MAX_IMAGE_BYTES),
                    new CliFlag("--max-image-pixels", MAX_IMAGE_PIXELS));

    /** The flags of {@code view}: where the job's topics are, and the view's own options. */
    public static final List<CliFlag> VIEW =
            join(
                    SCHEMA_REGISTRY,
                    new CliFlag("--bootstrap-servers", BOOTSTRAP_SERVERS),
                    new CliFlag("--predictions-topic", OUTPUT_TOPIC),
                    new CliFlag("--frames-topic", INPUT_TOPIC),
                    new CliFlag("--dead-letter-topic", DEAD_LETTER_TOPIC),
                    new CliFlag("--wire-format", WIRE_FORMAT),
                    new CliFlag("--kafka-properties", KAFKA_PROPERTIES),
                    new CliFlag("--bind", ViewOptions.BIND),
                    new CliFlag("--port", ViewOptions.PORT),
                    new CliFlag("--from-beginning", ViewOptions.FROM_BEGINNING),
                    new CliFlag("--tiles-per-camera", ViewOptions.TILES_PER_CAMERA),
                    new CliFlag("--max-cameras", ViewOptions.MAX_CAMERAS),
                    new CliFlag("--thumbnail-size", ViewOptions.THUMBNAIL_SIZE),
                    new CliFlag("--join-timeout", ViewOptions.JOIN_TIMEOUT),
                    new CliFlag("--join-frames-per-camera", ViewOptions.JOIN_FRAMES_PER_CAMERA),
                    new CliFlag("--join-memory", ViewOptions.JOIN_MEMORY),
                    new CliFlag("--history", ViewOptions.HISTORY),
                    new CliFlag("--refresh", ViewOptions.REFRESH),
                    new CliFlag("--client-queue", ViewOptions.CLIENT_QUEUE),
                    new CliFlag("--max-clients", ViewOptions.MAX_CLIENTS),
                    new CliFlag("--max-image-bytes", MAX_IMAGE_BYTES),
                    new CliFlag("--max-image-pixels", MAX_IMAGE_PIXELS));

    private CliFlags() {}

    private static List<CliFlag> join(List<CliFlag> shared, CliFlag... own) {
        List<CliFlag> flags = new ArrayList<>(List.of(own));
        flags.addAll(shared);
        return List.copyOf(flags);
    }

    /** Adds one picocli option per flag to a command. */
    public static void register(CommandSpec spec, List<CliFlag> flags) {
        for (CliFlag flag : flags) {
            spec.addOption(
                    OptionSpec.builder(flag.flag())
                            .paramLabel("<" + flag.option().key() + ">")
                            .type(String.class)
                            .description(flag.help())
                            .build());
        }
    }

    /** The values given on the command line, by option key. */
    public static Map<String, String> values(CommandSpec spec, List<CliFlag> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (CliFlag flag : flags) {
            OptionSpec option = spec.findOption(flag.flag());
            if (option != null && option.getValue() != null) {
                values.put(flag.option().key(), option.getValue().toString());
            }
        }
        return values;
    }
}
