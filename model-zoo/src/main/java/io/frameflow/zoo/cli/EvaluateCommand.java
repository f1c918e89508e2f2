package io.frameflow.zoo.cli;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.AccuracyResult;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.ClassifierModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: top-1 accuracy of a model on Fashion-MNIST, through the Java loader. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Measure a model's top-1 accuracy on the Fashion-MNIST test images.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = "--data",
            description = "Folder of IDX files (t10k-*); default: the test set bundled in the jar.")
    Path data;

    @Option(
            names = "--limit",
            defaultValue = "10000",
            description = "Images to classify (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        FashionMnist testSet =
                data == null ? FashionMnist.testSet() : FashionMnist.read(data, "t10k");
        try (ClassifierModel loaded = model.load()) {
            AccuracyResult result = Evaluator.accuracy(loaded, testSet, limit, batchSize);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "model %s (%s): accuracy %.4f (%d/%d) in %.1f s, %.0f images/s%n",
                            loaded.id(),
                            loaded.version(),
                            result.accuracy(),
                            result.correct(),
                            result.total(),
                            result.seconds(),
                            result.imagesPerSecond());
        }
        return 0;
    }
}
