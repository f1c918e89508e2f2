package io.frameflow.zoo.eval;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.translate.TranslateException;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.ClassifierModel;
import java.util.ArrayList;
import java.util.List;

/** Classifies a labelled Fashion-MNIST set through the Java loader and counts the hits. */
public final class Evaluator {

    private Evaluator() {}

    /**
     * Top-1 accuracy of a model whose labels are Fashion-MNIST's class indices or names.
     *
     * @param model the model
     * @param data the labelled images
     * @param limit classify only the first {@code limit} images (at most all)
     * @param batchSize images per {@code batchPredict}
     */
    public static AccuracyResult accuracy(
            ClassifierModel model, FashionMnist data, int limit, int batchSize)
            throws TranslateException {
        int total = Math.min(limit, data.size());
        ImageFactory factory = ImageFactory.getInstance();
        int correct = 0;
        long start = System.nanoTime();
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int from = 0; from < total; from += batchSize) {
                int to = Math.min(total, from + batchSize);
                List<Image> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    batch.add(factory.fromImage(data.image(i)));
                }
                List<Classifications> results = predictor.batchPredict(batch);
                for (int i = from; i < to; i++) {
                    String best = results.get(i - from).best().getClassName();
                    int truth = data.label(i);
                    if (best.equals(model.labels().get(truth))) {
                        correct++;
                    }
                }
            }
        }
        return new AccuracyResult(correct, total, (System.nanoTime() - start) / 1e9);
    }
}
