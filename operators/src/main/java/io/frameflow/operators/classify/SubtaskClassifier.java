package io.frameflow.operators.classify;

import io.frameflow.event.LabelProbability;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * One subtask's classifier, for any Flink function that classifies micro-batches of model-ready
 * pixels (see {@link io.frameflow.zoo.model.ImagePixels}): a hold on the model a spec names, loaded
 * once per TaskManager and shared by its slots ({@link SharedModels}), on the GPU Flink or DJL
 * gives this subtask, and a predictor of its own that retries a failed batch image by image ({@link
 * BatchClassifier}). Open it in the function's {@code open()}, prepare the thread that will run
 * inference, and close it in {@code close()}.
 */
public final class SubtaskClassifier implements AutoCloseable {

    /** The external resource name GPUs are configured under in Flink. */
    public static final String GPU_RESOURCE = GpuAssignment.RESOURCE_NAME;

    private final ModelSpec spec;
    private final SharedModels.Lease lease;
    private final BatchClassifier classifier;

    private SubtaskClassifier(ModelSpec spec, SharedModels.Lease lease) {
        this.spec = spec;
        this.lease = lease;
        this.classifier = new BatchClassifier(lease.model(), spec.applySoftmax());
    }

    /**
     * Takes this subtask's hold on the shared model, loading it if no slot of the TaskManager has.
     *
     * @param spec the model as configured
     * @param subtask the subtask's index, which picks its GPU
     * @param flinkGpus the GPUs Flink assigned to the TaskManager ({@link #GPU_RESOURCE}); empty
     *     when not configured
     */
    public static SubtaskClassifier open(
            ModelSpec spec, int subtask, Set<ExternalResourceInfo> flinkGpus) {
        ModelSpec placed =
                GpuAssignment.forSubtask(
                        spec, subtask, flinkGpus, () -> PyTorchRuntime.engine().getGpuCount());
        SharedModels.Lease lease = SharedModels.acquire(placed);
        try {
            return new SubtaskClassifier(spec, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Sets up the calling thread for inference: TorchScript's graph re-optimisation is a per-thread
     * switch, and the warm-up runs blank batches of one image and of {@code batchSize} (see {@link
     * WarmUp}). Call it on the thread that will call {@link #classify}.
     */
    public void prepareInferenceThread(boolean graphOptimizer, boolean warmUp, int batchSize) {
        GraphExecutor.optimizeOnThisThread(graphOptimizer);
        if (warmUp) {
            WarmUp.run(classifier, lease.model().preprocessing(), batchSize);
        }
    }

    /** Classifies a micro-batch; one outcome per image, in input order. */
    public List<BatchClassifier.Outcome> classify(List<byte[]> pixels) {
        return classifier.classify(pixels);
    }

    /** The spec's top-k labels of a probability row, most probable first. */
    public List<LabelProbability> topK(float[] probabilities) {
        return TopK.of(probabilities, lease.model().labels(), spec.topK());
    }

    /** The loaded model: its id, version, labels, preprocessing and device. */
    public ClassifierModel model() {
        return lease.model();
    }

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            lease.close();
        }
    }
}
