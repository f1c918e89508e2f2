package io.frameflow.sql;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.options.SharedOptions;
import io.frameflow.zoo.model.Precision;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * The options of {@code CREATE MODEL ... WITH ('provider' = 'frameflow', ...)}: one typed option
 * each, validated when a query that uses the model is planned ({@link PredictSettings}); those the
 * jobs have too are defined once, in {@link SharedOptions}.
 */
public final class FrameflowModelOptions {

    private FrameflowModelOptions() {}

    // The model
    public static final ConfigOption<String> MODEL = SharedOptions.modelLocation("model");

    public static final ConfigOption<String> SHA256 = SharedOptions.modelSha256("sha256");

    public static final ConfigOption<String> DEVICE = SharedOptions.device("device");

    public static final ConfigOption<Precision> PRECISION = SharedOptions.precision("precision");

    public static final ConfigOption<Boolean> CPU_FALLBACK =
            SharedOptions.cpuFallback("cpu-fallback");

    public static final ConfigOption<Integer> TOP_K =
            key("top-k")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Labels in the top_k output column.");

    // Micro-batching and threads
    public static final ConfigOption<Integer> BATCH_SIZE =
            key("batch-size")
                    .intType()
                    .defaultValue(ClassifierOptions.DEFAULT_BATCH_SIZE)
                    .withDescription(
                            "Largest micro-batch, 1 to 1024; at most the rows ML_PREDICT keeps in"
                                    + " flight ('max-concurrent-operations').");

    public static final ConfigOption<Duration> MAX_WAIT = SharedOptions.maxWait("max-wait");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            key("intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "libtorch intra-op threads per TaskManager; 0 = cores / parallelism of"
                                    + " ML_PREDICT (at least 1).");

    public static final ConfigOption<Integer> INTER_OP_THREADS =
            SharedOptions.interOpThreads("inter-op-threads");

    public static final ConfigOption<Boolean> WARM_UP = SharedOptions.warmUp("warm-up");

    public static final ConfigOption<Boolean> GRAPH_OPTIMIZER =
            SharedOptions.graphOptimizer("graph-optimizer");

    // Images
    public static final ConfigOption<MemorySize> MAX_IMAGE_BYTES =
            SharedOptions.maxImageBytes("max-image-bytes");

    public static final ConfigOption<Long> MAX_IMAGE_PIXELS =
            SharedOptions.maxImagePixels("max-image-pixels");

    public static final ConfigOption<List<String>> ALLOWED_ROOTS =
            key("allowed-roots")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "URI prefixes a STRING (URI) input column may be read from (any Flink"
                                    + " FileSystem), separated by ';'; required for URI input.");

    /** Every option, in the order of the README's reference. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    MODEL,
                    SHA256,
                    DEVICE,
                    PRECISION,
                    CPU_FALLBACK,
                    TOP_K,
                    BATCH_SIZE,
                    MAX_WAIT,
                    INTRA_OP_THREADS,
                    INTER_OP_THREADS,
                    WARM_UP,
                    GRAPH_OPTIMIZER,
                    MAX_IMAGE_BYTES,
                    MAX_IMAGE_PIXELS,
                    ALLOWED_ROOTS);
}
