package io.frameflow.zoo.eval;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Measures a model's images per second through one DJL predictor: inference alone on a pre-made
 * tensor batch, or the full per-image path (preprocessing, batching, inference, softmax, top-k).
 * Warm-up rounds run first, because the TorchScript graph executor specialises per batch size.
 */
public final class SpeedMeter {

    private final ClassifierModel model;
    private final int warmupRounds;
    private final int rounds;

    public SpeedMeter(ClassifierModel model, int warmupRounds, int rounds) {
        this.model = model;
        this.warmupRounds = warmupRounds;
        this.rounds = rounds;
    }

    /** Inference only: the same tensor batch, again and again. */
    public SpeedResult inferenceOnly(int batchSize) throws TranslateException {
        Preprocessing p = model.preprocessing();
        Shape shape = new Shape(batchSize, p.channels(), p.height(), p.width());
        try (Predictor<NDList, NDList> predictor =
                        model.model().newPredictor(new NoopTranslator());
                NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList input =
                    new NDList(manager.randomUniform(0, 1, shape, model.precision().dataType()));
            long[] nanos = new long[rounds];
            for (int i = 0; i < warmupRounds + rounds; i++) {
                long start = System.nanoTime();
                predictor.predict(input).close();
                if (i >= warmupRounds) {
                    nanos[i - warmupRounds] = System.nanoTime() - start;
                }
            }
            return result(batchSize, nanos);
        }
    }

    /**
     * What the classifier operator does per batch: model-ready pixels of the batch sent as bytes,
     * normalised on the model's device, inference, probabilities copied back.
     */
    public SpeedResult pixelBatches(int batchSize) throws TranslateException {
        List<byte[]> batch = new ArrayList<>(batchSize);
        Random random = new Random(batchSize);
        for (int i = 0; i < batchSize; i++) {
            byte[] pixels = new byte[ImagePixels.length(model.preprocessing())];
            random.nextBytes(pixels);
            batch.add(pixels);
        }
        try (Predictor<List<byte[]>, List<float[]>> predictor =
                model.model().newPredictor(model.newBatchTranslator(true))) {
            long[] nanos = new long[rounds];
            for (int i = 0; i < warmupRounds + rounds; i++) {
                long start = System.nanoTime();
                predictor.predict(batch);
                if (i >= warmupRounds) {
                    nanos[i - warmupRounds] = System.nanoTime() - start;
                }
            }
            return result(batchSize, nanos);
        }
    }

    /** The full path from a decoded image to top-k labels. */
    public SpeedResult endToEnd(int batchSize, BufferedImage sample) throws TranslateException {
        Image image = ImageFactory.getInstance().fromImage(sample);
        List<Image> batch = new ArrayList<>(Collections.nCopies(batchSize, image));
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            long[] nanos = new long[rounds];
            for (int i = 0; i < warmupRounds + rounds; i++) {
                long start = System.nanoTime();
                predictor.batchPredict(batch);
                if (i >= warmupRounds) {
                    nanos[i - warmupRounds] = System.nanoTime() - start;
                }
            }
            return result(batchSize, nanos);
        }
    }

    private static SpeedResult result(int batchSize, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double medianMillis = sorted[sorted.length / 2] / 1e6;
        return new SpeedResult(batchSize, batchSize * 1000.0 / medianMillis, medianMillis);
    }
}
