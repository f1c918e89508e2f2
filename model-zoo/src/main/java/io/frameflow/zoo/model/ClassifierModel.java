package io.frameflow.zoo.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.ZooModel;
import java.util.List;

/**
 * A loaded, verified classifier: the DJL model and what is known about it. Thread-safe (a DJL
 * {@code Model} is); create one {@link Predictor} per thread.
 *
 * @param model the DJL model
 * @param id the model's name, e.g. {@code fashion_mnist_mobilenet_v1}
 * @param version the first 12 hex digits of the TorchScript file's SHA-256
 * @param sha256 the TorchScript file's SHA-256
 * @param preprocessing what the translator does to each image
 * @param labels the class labels, one per model output
 * @param device where the model runs
 * @param precision the floating-point type it computes in
 */
public record ClassifierModel(
        ZooModel<Image, Classifications> model,
        String id,
        String version,
        String sha256,
        Preprocessing preprocessing,
        List<String> labels,
        Device device,
        Precision precision)
        implements AutoCloseable {

    /** A new predictor; not thread-safe, close it when done. */
    public Predictor<Image, Classifications> newPredictor() {
        return model.newPredictor();
    }

    /**
     * A translator for micro-batches of model-ready pixels; one per predictor, since it reuses its
     * batch buffer.
     */
    public PixelBatchTranslator newBatchTranslator(boolean applySoftmax) {
        return new PixelBatchTranslator(preprocessing, precision, applySoftmax);
    }

    @Override
    public void close() {
        model.close();
    }
}
