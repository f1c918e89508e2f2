package io.frameflow.job.config;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.decode.ImageFetcher;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.ModelSpec;
import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Frameflow's settings read from a Flink {@link Configuration}: typed, validated once, and turned
 * into the objects the operators take. Every error names the option's key.
 */
public final class FrameflowConfig {

    private final Configuration conf;

    private FrameflowConfig(Configuration conf) {
        this.conf = conf;
    }

    /** Reads and validates every Frameflow option of a configuration. */
    public static FrameflowConfig of(Configuration conf) {
        FrameflowConfig config = new FrameflowConfig(conf);
        for (ConfigOption<?> option : FrameflowOptions.ALL) {
            config.get(option); // type errors surface here, naming the key
        }
        config.check(
                BATCH_SIZE,
                config.get(BATCH_SIZE) >= 1 && config.get(BATCH_SIZE) <= 1024,
                "between 1 and 1024");
        config.check(TOP_K, config.get(TOP_K) >= 1, ">= 1");
        config.check(INTRA_OP_THREADS, config.get(INTRA_OP_THREADS) >= 0, ">= 0 (0 = automatic)");
        config.check(INTER_OP_THREADS, config.get(INTER_OP_THREADS) >= 1, ">= 1");
        config.check(
                IN_FLIGHT_BATCHES,
                config.get(IN_FLIGHT_BATCHES) >= 0
                        && config.get(IN_FLIGHT_BATCHES) <= ClassifierOptions.MAX_IN_FLIGHT_BATCHES,
                "in [0, " + ClassifierOptions.MAX_IN_FLIGHT_BATCHES + "]");
        config.check(MAX_WAIT, !config.get(MAX_WAIT).isNegative(), ">= 0");
        config.check(
                CHECKPOINT_INTERVAL,
                config.get(CHECKPOINT_INTERVAL).toMillis() >= 10,
                "at least 10 ms");
        config.check(RESTART_ATTEMPTS, config.get(RESTART_ATTEMPTS) >= 0, ">= 0");
        config.check(PARALLELISM, config.parallelism().orElse(1) >= 1, ">= 1");
        config.check(MAX_IMAGE_BYTES, config.get(MAX_IMAGE_BYTES).getBytes() >= 1, ">= 1 byte");
        config.check(MAX_IMAGE_PIXELS, config.get(MAX_IMAGE_PIXELS) >= 1, ">= 1");
        config.check(BOOTSTRAP_SERVERS, !config.get(BOOTSTRAP_SERVERS).isBlank(), "set");
        config.check(INPUT_TOPIC, !config.get(INPUT_TOPIC).isBlank(), "set");
        config.check(
                MODEL_STATUS_TOPIC,
                !config.modelControl() || !config.get(MODEL_STATUS_TOPIC).isBlank(),
                "set while model.control-topic is");
        config.check(
                SCHEMA_REGISTRY_URL,
                config.get(WIRE_FORMAT) != WireFormat.CONFLUENT || config.schemaRegistry() != null,
                "set when kafka.wire-format is confluent");
        config.schemaRegistry();
        config.modelSpec();
        config.imageFetcher();
        return config;
    }

    /** The value of an option, or an error that names its key. */
    public <T> T get(ConfigOption<T> option) {
        return OptionValues.get(conf, option);
    }

    /** The underlying Flink configuration. */
    public Configuration flinkConfiguration() {
        return conf;
    }

    /**
     * The parallelism set for the job, if any (else the environment's default holds); -1, Flink's
     * "default" value, counts as unset.
     */
    public OptionalInt parallelism() {
        Integer parallelism = get(PARALLELISM);
        return parallelism == null || parallelism == -1
                ? OptionalInt.empty()
                : OptionalInt.of(parallelism);
    }

    public ModelSpec modelSpec() {
        try {
            return ModelSpec.builder()
                    .setLocation(get(MODEL))
                    .optDevice(DeviceChoice.parse(get(DEVICE)))
                    .optPrecision(get(PRECISION))
                    .optCpuFallback(get(CPU_FALLBACK))
                    .optSha256(conf.getOptional(MODEL_SHA256).orElse(null))
                    .optQuantizedEngine(get(QUANTIZED_ENGINE))
                    .optTopK(get(TOP_K))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "Invalid model settings (model.*): " + e.getMessage(), e);
        }
    }

    /** Whether the stream job takes model descriptors from a control topic. */
    public boolean modelControl() {
        return !get(MODEL_CONTROL_TOPIC).isBlank();
    }

    public ClassifierOptions classifierOptions() {
        return new ClassifierOptions(
                modelSpec(),
                get(BATCH_SIZE),
                get(MAX_WAIT),
                get(INTRA_OP_THREADS),
                get(INTER_OP_THREADS),
                get(WARM_UP),
                get(GRAPH_OPTIMIZER),
                get(IN_FLIGHT_BATCHES));
    }

    public ImageLimits imageLimits() {
        return new ImageLimits(get(MAX_IMAGE_BYTES).getBytes(), get(MAX_IMAGE_PIXELS));
    }

    public ImageFetcher imageFetcher() {
        List<String> roots = get(ALLOWED_ROOTS);
        try {
            return new ImageFetcher(
                    roots.stream().filter(r -> !r.isBlank()).map(URI::create).toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "Invalid URI in " + ALLOWED_ROOTS.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The schema registry the {@code confluent} wire format uses; null when {@code
     * schema-registry.url} is not set.
     */
    public SchemaRegistrySettings schemaRegistry() {
        String urls = conf.getOptional(SCHEMA_REGISTRY_URL).orElse("");
        if (urls.isBlank()) {
            return null;
        }
        try {
            return new SchemaRegistrySettings(
                    SchemaRegistrySettings.parseUrls(urls),
                    get(SCHEMA_REGISTRY_PROPERTIES),
                    get(SUBJECT_NAME_STRATEGY),
                    get(AUTO_REGISTER_SCHEMAS),
                    get(SCHEMA_REGISTRY_REQUEST_TIMEOUT),
                    get(SCHEMA_REGISTRY_RETRY_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "Invalid schema registry settings (schema-registry.url,"
                            + " schema-registry.properties, schema-registry.*-timeout): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Kafka client properties: bootstrap servers plus {@code kafka.properties}. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.putAll(get(KAFKA_PROPERTIES));
        properties.setProperty("bootstrap.servers", get(BOOTSTRAP_SERVERS));
        return properties;
    }

    private void check(ConfigOption<?> option, boolean valid, String expectation) {
        OptionValues.check(option, valid, expectation, valid ? null : conf.get(option));
    }
}
