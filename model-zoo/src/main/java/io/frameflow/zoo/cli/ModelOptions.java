package io.frameflow.zoo.cli;

import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Precision;
import picocli.CommandLine.Option;

/** The command-line options that name a model, shared by the commands that load one. */
public final class ModelOptions {

    @Option(
            names = "--model",
            defaultValue = ModelSpec.BUNDLED,
            description =
                    "'bundled', a TorchScript file or folder, or a URL (default ${DEFAULT-VALUE}).")
    String location;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--precision",
            defaultValue = "fp32",
            description =
                    "fp32, or fp16 (needs the model's <name>.fp16.pt export; default"
                            + " ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--sha256", description = "Refuse the model unless its file has this SHA-256.")
    String sha256;

    @Option(
            names = "--threads",
            description = "libtorch intra-op threads (default: the number of cores).")
    Integer threads;

    /** Applies the thread setting and loads the model these options describe. */
    public ClassifierModel load() {
        EngineThreads.configure(
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1);
        return ModelLoader.load(toSpec());
    }

    /** The spec these options describe. */
    public ModelSpec toSpec() {
        return ModelSpec.builder()
                .setLocation(location)
                .optDevice(DeviceChoice.parse(device))
                .optPrecision(Precision.parse(precision))
                .optSha256(sha256)
                .build();
    }
}
