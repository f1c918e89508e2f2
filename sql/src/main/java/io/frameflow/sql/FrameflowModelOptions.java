package io.frameflow.sql;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Precision;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * The options of {@code CREATE MODEL ... WITH ('provider' = 'frameflow', ...)}: one typed option
 * each, validated when a query that uses the model is planned ({@link PredictSettings}).
 */
public final class FrameflowModelOptions {

    private FrameflowModelOptions() {}

    // The model
    public static final ConfigOption<String> MODEL =
            key("model")
                    .stringType()
                    .defaultValue(ModelSpec.BUNDLED)
                    .withDescription(
                            "'bundled', a TorchScript file or DJL model folder, or a file:,"
                                    + " http(s):, s3: or djl:// URL.");

    public static final ConfigOption<String> SHA256 =
            key("sha256")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Refuse to start unless the model file has this SHA-256.");

    public static final ConfigOption<String> DEVICE =
            key("device")
                    .stringType()
                    .defaultValue("cpu")
                    .withDescription("cpu, or gpu (subtasks spread over the GPUs), or gpu:N.");

    public static final ConfigOption<Precision> PRECISION =
            key("precision")
                    .enumType(Precision.class)
                    .defaultValue(Precision.FP32)
                    .withDescription(
                            "fp32, or fp16 (half precision, for GPUs; needs the model's"
                                    + " <name>.fp16.pt export beside it).");

    public static final ConfigOption<Boolean> CPU_FALLBACK =
            key("cpu-fallback")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Run on the CPU when a GPU is requested but there is none.");

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

    public static final ConfigOption<Duration> MAX_WAIT =
            key("max-wait")
                    .durationType()
                    .defaultValue(ClassifierOptions.DEFAULT_MAX_WAIT)
                    .withDescription("Longest a row waits for its micro-batch to fill.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            key("intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "libtorch intra-op threads per TaskManager; 0 = cores / parallelism of"
                                    + " ML_PREDICT (at least 1).");

    public static final ConfigOption<Integer> INTER_OP_THREADS =
            key("inter-op-threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription("libtorch inter-op threads per TaskManager.");

    public static final ConfigOption<Boolean> WARM_UP =
            key("warm-up")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Run blank batches of 1 and of the batch size twice before the first"
                                    + " row.");

    public static final ConfigOption<Boolean> GRAPH_OPTIMIZER =
            key("graph-optimizer")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Let TorchScript re-optimise the graph for every new batch size.");

    // Images
    public static final ConfigOption<MemorySize> MAX_IMAGE_BYTES =
            key("max-image-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse(ImageLimits.DEFAULT_MAX_BYTES + "b"))
                    .withDescription("Largest encoded image accepted.");

    public static final ConfigOption<Long> MAX_IMAGE_PIXELS =
            key("max-image-pixels")
                    .longType()
                    .defaultValue(ImageLimits.DEFAULT_MAX_PIXELS)
                    .withDescription(
                            "Largest width x height accepted, checked from the header before"
                                    + " decoding (decompression-bomb guard).");

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
