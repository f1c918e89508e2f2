package io.frameflow.zoo.eval;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Frameflow's per-slot design measured without Flink: K threads, each with its own predictor over
 * one shared model (as K classify subtasks of a TaskManager), classifying host batches as fast as
 * they can. {@link Input#UINT8} is what the classifier sends (pixels, normalised on the device);
 * {@link Input#FLOAT32} is a float batch normalised on the host, the former path, for comparison.
 * Probabilities come back to the host in both.
 */
public final class SlotThroughput {

    /** How a batch reaches the model. */
    public enum Input {
        UINT8,
        FLOAT32
    }

    /**
     * Aggregate throughput of K predictors.
     *
     * @param predictors K
     * @param batchSize images per batch
     * @param input how batches reach the model
     * @param imagesPerSecond images classified per second by all K together
     * @param medianBatchMillis median time of one batch on one predictor
     * @param maxBatchMillis the slowest batch: far above the median, it shows stalls
     */
    public record Result(
            int predictors,
            int batchSize,
            Input input,
            double imagesPerSecond,
            double medianBatchMillis,
            double maxBatchMillis) {}

    private final ClassifierModel model;
    private final double warmupSeconds;
    private final double seconds;
    private final boolean graphOptimizer;

    /**
     * @param graphOptimizer whether each predictor's thread lets TorchScript re-optimise the graph
     *     ({@link GraphExecutor}); the classifier operator's default is off
     */
    public SlotThroughput(
            ClassifierModel model, double warmupSeconds, double seconds, boolean graphOptimizer) {
        this.model = model;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.graphOptimizer = graphOptimizer;
    }

    /** Runs K predictors for the configured time and measures them together. */
    public Result measure(int predictors, int batchSize, Input input) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(predictors);
        try {
            List<Future<List<Long>>> runs = new ArrayList<>();
            long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
            long until = warmUntil + (long) (seconds * 1e9);
            for (int k = 0; k < predictors; k++) {
                int seed = k;
                runs.add(pool.submit(() -> run(batchSize, input, seed, warmUntil, until)));
            }
            long batches = 0;
            List<Long> times = new ArrayList<>();
            for (Future<List<Long>> run : runs) {
                List<Long> mine = run.get();
                batches += mine.size();
                times.addAll(mine);
            }
            times.sort(Long::compare);
            double median = times.isEmpty() ? Double.NaN : times.get(times.size() / 2) / 1e6;
            double max = times.isEmpty() ? Double.NaN : times.get(times.size() - 1) / 1e6;
            return new Result(
                    predictors, batchSize, input, batches * batchSize / seconds, median, max);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One predictor's loop until {@code until}; returns the duration of each batch that ran wholly
     * after the warm-up.
     */
    private List<Long> run(int batchSize, Input input, int seed, long warmUntil, long until)
            throws Exception {
        GraphExecutor.optimizeOnThisThread(graphOptimizer);
        Preprocessing p = model.preprocessing();
        Random random = new Random(seed);
        List<byte[]> pixels = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            byte[] image = new byte[ImagePixels.length(p)];
            random.nextBytes(image);
            pixels.add(image);
        }
        // Only the float path needs them: a 128-image 224×224×3 batch is 77 MB of floats per
        // thread.
        float[] floats = input == Input.FLOAT32 ? hostFloats(pixels, p) : null;
        Shape shape = new Shape(batchSize, p.channels(), p.height(), p.width());
        List<Long> times = new ArrayList<>();
        try (Predictor<List<byte[]>, List<float[]>> bytesIn =
                        model.model().newPredictor(model.newBatchTranslator(true));
                Predictor<NDList, NDList> floatsIn =
                        model.model().newPredictor(new NoopTranslator())) {
            while (true) {
                long start = System.nanoTime();
                if (start >= until) {
                    break;
                }
                if (input == Input.UINT8) {
                    bytesIn.predict(pixels);
                } else {
                    try (NDManager batch = model.model().getNDManager().newSubManager()) {
                        NDArray in =
                                batch.create(floats, shape)
                                        .toType(model.precision().dataType(), false);
                        NDArray out = floatsIn.predict(new NDList(in)).singletonOrThrow();
                        out.softmax(-1).toFloatArray();
                    }
                }
                long end = System.nanoTime();
                if (start >= warmUntil && end <= until) {
                    times.add(end - start);
                }
            }
        }
        return times;
    }

    /** The batch normalised on the host, channel-major: what the float path sends. */
    private static float[] hostFloats(List<byte[]> images, Preprocessing p) {
        int channels = p.channels();
        int plane = p.width() * p.height();
        float[] out = new float[images.size() * channels * plane];
        for (int b = 0; b < images.size(); b++) {
            byte[] image = images.get(b);
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < channels; c++) {
                    float value = (image[i * channels + c] & 0xff) / 255f;
                    out[(b * channels + c) * plane + i] = (value - p.mean()[c]) / p.std()[c];
                }
            }
        }
        return out;
    }
}
