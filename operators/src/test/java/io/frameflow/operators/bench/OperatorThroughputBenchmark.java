package io.frameflow.operators.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.frameflow.event.Prediction;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Preprocessing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Throughput of the classifier operator through Flink's test harness, beside the plain DJL
 * predictor loop on the same model, batch size by batch size, in one run. Prints a table; never
 * fails on speed.
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * ./mvnw -q -pl operators exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.frameflow.operators.bench.OperatorThroughputBenchmark \
 *   -Dexec.args="--model bundled --frames 2000"
 * </pre>
 */
public final class OperatorThroughputBenchmark {

    private OperatorThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String location = option(args, "--model", ModelSpec.BUNDLED);
        int frames = Integer.parseInt(option(args, "--frames", "2000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "3"));
        int threads =
                Integer.parseInt(
                        option(args, "--threads", "" + Runtime.getRuntime().availableProcessors()));
        int[] batchSizes =
                Arrays.stream(option(args, "--batch-sizes", "1,4,8,16,32").split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
        EngineThreads.configure(threads, 1);
        ModelSpec spec = ModelSpec.builder().setLocation(location).build();
        List<DecodedFrame> input = frames(spec, frames);
        System.out.printf(
                Locale.ROOT,
                "model %s, %d frames per round, median of %d rounds, %d intra-op threads%n",
                location,
                frames,
                rounds,
                threads);
        System.out.printf(
                Locale.ROOT,
                "%6s %18s %18s %8s %16s%n",
                "batch",
                "DJL loop frames/s",
                "operator frames/s",
                "ratio",
                "first batch ms");
        try (ClassifierModel model = ModelLoader.load(spec)) {
            for (int batch : batchSizes) {
                double firstBatchMillis = firstBatchMillis(model, batch);
                double loop = median(rounds, () -> djlLoop(model, batch, frames));
                double operator = median(rounds, () -> operator(spec, batch, threads, input));
                System.out.printf(
                        Locale.ROOT,
                        "%6d %18.1f %18.1f %8.2f %16.1f%n",
                        batch,
                        loop,
                        operator,
                        operator / loop,
                        firstBatchMillis);
            }
        }
    }

    /** Inference only, on one pre-made tensor batch: the ceiling for the operator. */
    private static double djlLoop(ClassifierModel model, int batch, int frames) throws Exception {
        Preprocessing p = model.preprocessing();
        try (Predictor<NDList, NDList> predictor =
                        model.model().newPredictor(new NoopTranslator());
                NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList input =
                    new NDList(
                            manager.randomUniform(
                                    0, 1, new Shape(batch, p.channels(), p.height(), p.width())));
            for (int i = 0; i < 3; i++) {
                predictor.predict(input).close();
            }
            int batches = Math.max(1, frames / batch);
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                NDList out = predictor.predict(input);
                out.singletonOrThrow().softmax(-1).toFloatArray();
                out.close();
            }
            return batches * batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The operator, fed through Flink's harness, warm-up done before timing. */
    private static double operator(ModelSpec spec, int batch, int threads, List<DecodedFrame> input)
            throws Exception {
        ClassifierOptions options =
                ClassifierOptions.defaults(spec)
                        .withBatchSize(batch)
                        .withMaxWait(Duration.ofSeconds(10))
                        .withThreads(threads, 1);
        try (OneInputStreamOperatorTestHarness<DecodedFrame, Prediction> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new MicroBatchClassifierOperator(options))) {
            harness.setup();
            harness.open();
            long start = System.nanoTime();
            for (int i = 0; i < input.size(); i++) {
                harness.processElement(input.get(i), i);
                if (harness.getOutput().size() > 4096) {
                    harness.getOutput().clear();
                }
            }
            harness.endInput();
            return input.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Latency of the first batch of a size the model has not run yet in this predictor. */
    private static double firstBatchMillis(ClassifierModel model, int batch) throws Exception {
        Preprocessing p = model.preprocessing();
        try (Predictor<NDList, NDList> predictor =
                        model.model().newPredictor(new NoopTranslator());
                NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList input =
                    new NDList(
                            manager.zeros(new Shape(batch, p.channels(), p.height(), p.width())));
            long start = System.nanoTime();
            predictor.predict(input).close();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static List<DecodedFrame> frames(ModelSpec spec, int count) {
        Preprocessing p = ModelLoader.preprocessingOf(spec);
        List<DecodedFrame> frames = new ArrayList<>(count);
        Random random = new Random(1);
        for (int i = 0; i < count; i++) {
            if (ModelSpec.BUNDLED.equals(spec.location())) {
                frames.add(Frames.frame(i % 10_000));
            } else {
                float[] tensor = new float[p.channels() * p.height() * p.width()];
                for (int j = 0; j < tensor.length; j++) {
                    tensor[j] = random.nextFloat();
                }
                frames.add(new DecodedFrame(Frames.event(i % 10_000), tensor, 0));
            }
        }
        return frames;
    }

    private interface Measurement {
        double run() throws Exception;
    }

    private static double median(int rounds, Measurement measurement) throws Exception {
        double[] values = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            values[i] = measurement.run();
        }
        Arrays.sort(values);
        return values[rounds / 2];
    }

    private static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
