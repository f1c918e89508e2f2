package io.frameflow.zoo.cli;

import io.frameflow.zoo.eval.SlotThroughput;
import io.frameflow.zoo.model.ClassifierModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slots}: aggregate images/s of K predictors sharing one model, as K classify subtasks of a
 * TaskManager share it, for each K, batch size and input path.
 */
@Command(
        name = "slots",
        mixinStandardHelpOptions = true,
        description =
                "Measure images/s of K predictors sharing one model (Frameflow's per-slot design):"
                        + " uint8 pixels normalised on the device, or float batches from the host.")
public final class SlotsCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = "--predictors",
            split = ",",
            defaultValue = "1,2,4,8",
            description = "Predictors (threads) sharing the model (default ${DEFAULT-VALUE}).")
    List<Integer> predictors;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "32",
            description = "Batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--inputs",
            split = ",",
            defaultValue = "uint8,float32",
            description = "uint8 and/or float32 (default ${DEFAULT-VALUE}).")
    List<SlotThroughput.Input> inputs;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Measured seconds per point (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "2",
            description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--graph-optimizer",
            defaultValue = "false",
            fallbackValue = "true",
            arity = "0..1",
            description =
                    "Let TorchScript re-optimise the graph on each predictor's thread (default"
                            + " ${DEFAULT-VALUE}, as the classifier operator).")
    boolean graphOptimizer;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ClassifierModel loaded = model.load()) {
            SlotThroughput meter =
                    new SlotThroughput(loaded, warmupSeconds, seconds, graphOptimizer);
            out.printf(
                    Locale.ROOT,
                    "model %s (%s) on %s, %s, graph optimizer %s%n%10s %6s %8s %12s %18s %15s%n",
                    loaded.id(),
                    loaded.version(),
                    loaded.device(),
                    loaded.precision(),
                    graphOptimizer ? "on" : "off",
                    "predictors",
                    "batch",
                    "input",
                    "images/s",
                    "batch ms (median)",
                    "batch ms (max)");
            out.flush();
            for (int batchSize : batchSizes) {
                for (SlotThroughput.Input input : inputs) {
                    for (int k : predictors) {
                        SlotThroughput.Result r = meter.measure(k, batchSize, input);
                        out.printf(
                                Locale.ROOT,
                                "%10d %6d %8s %12.1f %18.2f %15.2f%n",
                                r.predictors(),
                                r.batchSize(),
                                r.input().name().toLowerCase(Locale.ROOT),
                                r.imagesPerSecond(),
                                r.medianBatchMillis(),
                                r.maxBatchMillis());
                        out.flush();
                    }
                }
            }
        }
        return 0;
    }
}
