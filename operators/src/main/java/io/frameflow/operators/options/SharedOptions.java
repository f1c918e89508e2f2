package io.frameflow.operators.options;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Precision;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * The model, batching and image options that the jobs and the SQL model provider share: one
 * definition (type, default, description) each, built under the key its caller gives it ({@code
 * model.location} in a job's configuration, {@code model} in a SQL model's {@code WITH} clause), so
 * that the two cannot default or describe the same setting differently.
 */
public final class SharedOptions {

    private SharedOptions() {}

    /** Where the model is. */
    public static ConfigOption<String> modelLocation(String key) {
        return key(key).stringType()
                .defaultValue(ModelSpec.BUNDLED)
                .withDescription(
                        "'bundled', 'bundled-int8' (its int8 build, CPU only), a TorchScript"
                                + " file or DJL model folder, or a file:, http(s):, s3: or"
                                + " djl:// URL.");
    }

    /** The SHA-256 the model file must have. */
    public static ConfigOption<String> modelSha256(String key) {
        return key(key).stringType()
                .noDefaultValue()
                .withDescription("Refuse to start unless the model file has this SHA-256.");
    }

    /** The device the model runs on. */
    public static ConfigOption<String> device(String key) {
        return key(key).stringType()
                .defaultValue("cpu")
                .withDescription("cpu, or gpu (subtasks spread over the GPUs), or gpu:N.");
    }

    /** The floating-point type the model computes in. */
    public static ConfigOption<Precision> precision(String key) {
        return key(key).enumType(Precision.class)
                .defaultValue(Precision.FP32)
                .withDescription(
                        "fp32, or fp16 (half precision, for GPUs; needs the model's"
                                + " <name>.fp16.pt export beside it).");
    }

    /** Whether a missing GPU falls back to the CPU. */
    public static ConfigOption<Boolean> cpuFallback(String key) {
        return key(key).booleanType()
                .defaultValue(false)
                .withDescription("Run on the CPU when a GPU is requested but there is none.");
    }

    /** The longest an image waits for its batch. */
    public static ConfigOption<Duration> maxWait(String key) {
        return key(key).durationType()
                .defaultValue(ClassifierOptions.DEFAULT_MAX_WAIT)
                .withDescription("Longest an image waits for its micro-batch to fill.");
    }

    /** libtorch's inter-op threads. */
    public static ConfigOption<Integer> interOpThreads(String key) {
        return key(key).intType()
                .defaultValue(1)
                .withDescription("libtorch inter-op threads per TaskManager.");
    }

    /** Whether blank batches run before the first image. */
    public static ConfigOption<Boolean> warmUp(String key) {
        return key(key).booleanType()
                .defaultValue(true)
                .withDescription(
                        "Run blank batches of 1 and of the batch size twice before the first"
                                + " image.");
    }

    /** Whether TorchScript re-optimises the graph per batch size. */
    public static ConfigOption<Boolean> graphOptimizer(String key) {
        return key(key).booleanType()
                .defaultValue(false)
                .withDescription(
                        "Let TorchScript re-optimise the graph for every new batch size (costs"
                                + " 1.5-6x a steady batch the first time; frozen exports do"
                                + " not need it).");
    }

    /** The largest encoded image. */
    public static ConfigOption<MemorySize> maxImageBytes(String key) {
        return key(key).memoryType()
                .defaultValue(MemorySize.parse(ImageLimits.DEFAULT_MAX_BYTES + "b"))
                .withDescription("Largest encoded image accepted.");
    }

    /** The largest image, in pixels its header declares. */
    public static ConfigOption<Long> maxImagePixels(String key) {
        return key(key).longType()
                .defaultValue(ImageLimits.DEFAULT_MAX_PIXELS)
                .withDescription(
                        "Largest width x height accepted, checked from the header before"
                                + " decoding (decompression-bomb guard).");
    }
}
