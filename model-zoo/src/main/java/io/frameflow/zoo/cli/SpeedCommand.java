package io.frameflow.zoo.cli;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.SpeedMeter;
import io.frameflow.zoo.eval.SpeedResult;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code speed}: images per second of a model through one DJL predictor, per batch size. */
@Command(
        name = "speed",
        mixinStandardHelpOptions = true,
        description =
                "Measure images/s through one DJL predictor: inference only, and from a decoded"
                        + " image to top-k labels.")
public final class SpeedCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "1,8",
            description = "Batch sizes to measure (default ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--rounds",
            defaultValue = "30",
            description = "Measured batches per size (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            description = "Unmeasured batches first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        try (ClassifierModel loaded = model.load()) {
            SpeedMeter meter = new SpeedMeter(loaded, warmup, rounds);
            BufferedImage sample = FashionMnist.testSet().image(0);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "model %s (%s) on %s, %s, input %dx%dx%d, %d threads%n%6s %18s %18s"
                                    + " %18s%n",
                            loaded.id(),
                            loaded.version(),
                            loaded.device(),
                            loaded.precision(),
                            loaded.preprocessing().width(),
                            loaded.preprocessing().height(),
                            loaded.preprocessing().channels(),
                            EngineThreads.intraOp(),
                            "batch",
                            "inference img/s",
                            "uint8 batch img/s",
                            "end-to-end img/s");
            for (int batchSize : batchSizes) {
                SpeedResult inference = meter.inferenceOnly(batchSize);
                SpeedResult pixels = meter.pixelBatches(batchSize);
                SpeedResult endToEnd = meter.endToEnd(batchSize, sample);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%6d %18.1f %18.1f %18.1f%n",
                                batchSize,
                                inference.imagesPerSecond(),
                                pixels.imagesPerSecond(),
                                endToEnd.imagesPerSecond());
            }
        }
        return 0;
    }
}
