package io.frameflow.operators.classify;

import ai.djl.inference.Predictor;
import io.frameflow.zoo.model.ClassifierModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a subtask's predictor over micro-batches. {@code Predictor.batchPredict} fails the whole
 * batch if one input fails, so a failed batch is retried image by image: one bad input cannot
 * poison the others, and only it gets an error. Not thread-safe: one per inference thread.
 */
public final class BatchClassifier implements AutoCloseable {

    /**
     * The outcome for one image: its probabilities, or why it failed.
     *
     * @param probabilities one per class, in the model's label order; null when it failed
     * @param error why inference failed for this image; null when it succeeded
     */
    public record Outcome(float[] probabilities, Exception error) {
        /** Whether inference failed for this image. */
        public boolean failed() {
            return error != null;
        }
    }

    private final Predictor<List<byte[]>, List<float[]>> predictor;

    /**
     * A new predictor over a loaded model.
     *
     * @param model the (shared) model
     * @param applySoftmax whether the model's outputs are logits that need a softmax
     */
    public BatchClassifier(ClassifierModel model, boolean applySoftmax) {
        this.predictor = model.model().newPredictor(model.newBatchTranslator(applySoftmax));
    }

    /**
     * Classifies a batch of model-ready pixels (see {@link io.frameflow.zoo.model.ImagePixels});
     * the outcomes are in input order.
     */
    public List<Outcome> classify(List<byte[]> images) {
        try {
            List<float[]> rows = predictor.predict(images);
            List<Outcome> outcomes = new ArrayList<>(rows.size());
            for (float[] row : rows) {
                outcomes.add(new Outcome(row, null));
            }
            return outcomes;
        } catch (Exception batchError) {
            if (images.size() == 1) {
                return List.of(new Outcome(null, batchError));
            }
            List<Outcome> outcomes = new ArrayList<>(images.size());
            for (byte[] image : images) {
                outcomes.add(classify(Collections.singletonList(image)).get(0));
            }
            return outcomes;
        }
    }

    @Override
    public void close() {
        predictor.close();
    }
}
