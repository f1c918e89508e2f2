package io.frameflow.operators.classify;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelInForce;
import io.frameflow.operators.control.ModelStatuses;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoadException;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Preprocessing;
import java.util.List;

/**
 * A model as one classify subtask runs it in one role: a hold on the weights shared per
 * TaskManager, the subtask's own predictor over them, and the name and version its predictions
 * carry. Opened off the task thread when a descriptor brings it, closed when it leaves the lineup.
 */
final class LoadedModel implements AutoCloseable {

    /** The role names the metrics are tagged with. */
    static final String ACTIVE = "active";

    static final String CANARY = "canary";
    static final String SHADOW = "shadow";

    private final SharedModels.Lease lease;
    private final BatchClassifier classifier;
    private final ModelDescriptor descriptor;
    private final ModelInForce identity;
    private final String role;
    private final String metricsKey;
    private long loadMillis;

    private LoadedModel(
            SharedModels.Lease lease,
            BatchClassifier classifier,
            ModelDescriptor descriptor,
            ModelInForce identity,
            String role) {
        this.lease = lease;
        this.classifier = classifier;
        this.descriptor = descriptor;
        this.identity = identity;
        this.role = role;
        this.metricsKey = identity.getVersion() + "/" + role;
    }

    /**
     * Loads (or shares) a model, checks that it takes the frames as the stream decodes them, and
     * opens a predictor over it.
     *
     * @param spec what to load, placed on this subtask's device
     * @param descriptor the descriptor that gives the model its role; null for the configured model
     * @param role {@link #ACTIVE}, {@link #CANARY} or {@link #SHADOW}
     * @param frames the pixel layout the stream decodes frames to; null to skip the check
     * @param applySoftmax whether outputs are logits
     */
    static LoadedModel open(
            ModelSpec spec,
            ModelDescriptor descriptor,
            String role,
            Preprocessing frames,
            boolean applySoftmax) {
        SharedModels.Lease lease = SharedModels.acquire(spec);
        try {
            ClassifierModel model = lease.model();
            if (frames != null) {
                checkTakes(frames, model);
            }
            ModelInForce identity =
                    descriptor == null
                            ? ModelStatuses.configured(model.id(), model.version(), spec.location())
                            : ModelStatuses.inForce(descriptor);
            return new LoadedModel(
                    lease, new BatchClassifier(model, applySoftmax), descriptor, identity, role);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Frames are decoded once, for the model the job was started with; a model that expects another
     * size, crop or colour layout would classify the wrong pixels. Normalisation may differ: each
     * model normalises on its device.
     */
    private static void checkTakes(Preprocessing frames, ClassifierModel model) {
        Preprocessing p = model.preprocessing();
        if (p.width() != frames.width()
                || p.height() != frames.height()
                || p.resize() != frames.resize()
                || p.colorMode() != frames.colorMode()) {
            throw new ModelLoadException(
                    String.format(
                            "%s@%s takes %dx%d %s input (resize %d), but the stream decodes frames"
                                    + " to %dx%d %s (resize %d) for the model it was started with;"
                                    + " a model swapped in must take the same input (or start the"
                                    + " job again with it)",
                            model.id(),
                            model.version(),
                            p.width(),
                            p.height(),
                            p.colorMode(),
                            p.resize(),
                            frames.width(),
                            frames.height(),
                            frames.colorMode(),
                            frames.resize()));
        }
    }

    /** Classifies model-ready pixels with this model's predictor; outcomes in input order. */
    List<BatchClassifier.Outcome> classify(List<byte[]> pixels) {
        return classifier.classify(pixels);
    }

    BatchClassifier classifier() {
        return classifier;
    }

    ClassifierModel model() {
        return lease.model();
    }

    /** The descriptor that gave the model its role; null for the configured model. */
    ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Name, version and location, as status events and predictions carry them. */
    ModelInForce identity() {
        return identity;
    }

    String role() {
        return role;
    }

    /** Version and role: which metrics the model's predictions count in. */
    String metricsKey() {
        return metricsKey;
    }

    /** How long loading, checking and warming it up took; 0 when loaded at start. */
    long loadMillis() {
        return loadMillis;
    }

    LoadedModel loadedIn(long millis) {
        this.loadMillis = millis;
        return this;
    }

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            lease.close();
        }
    }

    @Override
    public String toString() {
        return identity.getModelId() + "@" + identity.getVersion() + " (" + role + ")";
    }
}
