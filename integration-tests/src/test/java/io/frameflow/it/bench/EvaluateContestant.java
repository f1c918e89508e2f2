package io.frameflow.it.bench;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.AccuracyResult;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.PyTorchRuntime;

/**
 * {@code frameflow-zoo evaluate} as a user runs it (all cores to libtorch, batch 32, the
 * Fashion-MNIST test images), measured for the contention scenario: {@code --load} says whether a
 * CPU hog ran beside it, the note which OpenMP wait policy libtorch ran with.
 */
public final class EvaluateContestant {

    private EvaluateContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int cores = Runtime.getRuntime().availableProcessors();
        EngineThreads.configure(cores, 1);
        int limit = args.integer("limit", 2000);
        try (ClassifierModel model =
                ModelLoader.load(ModelSpec.builder().setLocation(args.model()).build())) {
            Evaluator.accuracy(model, FashionMnist.testSet(), 256, 32); // warm-up
            ProcessUsage.Window usage = ProcessUsage.start();
            AccuracyResult result = Evaluator.accuracy(model, FashionMnist.testSet(), limit, 32);
            usage.stop();
            new Measurement(
                            args.workload(),
                            BenchmarkReport.EVALUATE,
                            args.get("load"),
                            32,
                            result.total(),
                            result.total() / result.seconds(),
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            usage.cores(),
                            usage.peakRssMb(),
                            ContentionScenario.policyNote(PyTorchRuntime.waitPolicy())
                                    + ", "
                                    + cores
                                    + " intra-op threads")
                    .print();
        }
    }
}
