package io.frameflow.zoo.cli;

import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import io.frameflow.zoo.cost.CostModel;
import io.frameflow.zoo.cost.CostTableFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cost}: prints the per-layer mult-adds and parameters of a MobileNet. */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        description = "Print per-layer mult-adds and parameters of a MobileNet, with totals.")
public final class CostCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--family",
            defaultValue = "V1",
            description = "MobileNet family: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    MobileNetFamily family;

    @Option(
            names = "--alpha",
            defaultValue = "1.0",
            description = "Width multiplier (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(
            names = "--resolution",
            defaultValue = "224",
            description = "Input size in pixels (default ${DEFAULT-VALUE}).")
    int resolution;

    @Option(
            names = "--input-channels",
            defaultValue = "3",
            description = "Input channels (default ${DEFAULT-VALUE}).")
    int inputChannels;

    @Option(
            names = "--classes",
            defaultValue = "1000",
            description = "Classifier width (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(
            names = "--stem-stride",
            defaultValue = "0",
            description =
                    "Stride of the first convolution; 0 keeps the table's (default"
                            + " ${DEFAULT-VALUE}).")
    int stemStride;

    @Override
    public Integer call() {
        MobileNetConfig network =
                new MobileNetConfig(family, alpha, resolution, inputChannels, classes, stemStride);
        spec.commandLine().getOut().print(CostTableFormatter.format(CostModel.of(network)));
        return 0;
    }
}
