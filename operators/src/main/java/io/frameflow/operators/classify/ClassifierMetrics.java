package io.frameflow.operators.classify;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodeMetrics;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the classifier operator. Names are part of Frameflow's interface (dashboards use them)
 * and are listed in the README.
 */
public final class ClassifierMetrics {

    /** Histogram: inference time of each batch, milliseconds. */
    public static final String BATCH_INFERENCE_MILLIS = "batchInferenceMillis";

    /** Histogram: event time to emit time of each prediction, milliseconds. */
    public static final String END_TO_END_LATENCY_MILLIS = "endToEndLatencyMillis";

    /** Histogram: time each frame waited in the buffer for its batch, milliseconds. */
    public static final String QUEUE_WAIT_MILLIS = "queueWaitMillis";

    /** Histogram: size of each batch. */
    public static final String BATCH_SIZE = "batchSize";

    /** Counter: frames classified. */
    public static final String FRAMES_CLASSIFIED = "framesClassified";

    /** Meter: frames classified per second. */
    public static final String FRAMES_PER_SECOND = "framesPerSecond";

    /** Gauge: frames in the buffer now. */
    public static final String FRAMES_BUFFERED = "framesBuffered";

    /** Gauge: batches handed to the inference worker and not emitted yet. */
    public static final String BATCHES_IN_FLIGHT = "batchesInFlight";

    /**
     * Gauge: 1 when libtorch's OpenMP threads sleep while idle ({@code OMP_WAIT_POLICY=PASSIVE}), 0
     * when they spin, which starves inference beside any busy neighbour.
     */
    public static final String OPENMP_PASSIVE_WAIT = "openmpPassiveWait";

    /** Metric group key whose value names the device the subtask's model runs on. */
    public static final String DEVICE_GROUP = "device";

    /** Histogram in the device group: inference time of each batch, milliseconds. */
    public static final String DEVICE_BATCH_MILLIS = "deviceBatchMillis";

    /** Gauge in the device group of a GPU: bytes of device memory in use. */
    public static final String DEVICE_MEMORY_USED_BYTES = "deviceMemoryUsedBytes";

    /**
     * Metric group key whose value is a model's version (12 hex digits of its SHA-256); inside it,
     * a {@link #ROLE_GROUP} group holds {@link #FRAMES_CLASSIFIED}, {@link
     * #END_TO_END_LATENCY_MILLIS} and {@link #BATCH_INFERENCE_MILLIS} (the model's part of each
     * batch) of that model alone, and {@link #LABEL_GROUP} groups its top-1 label counts.
     */
    public static final String MODEL_GROUP = "model";

    /** Metric group key inside {@link #MODEL_GROUP}: active, canary or shadow. */
    public static final String ROLE_GROUP = "role";

    /** Metric group key inside a model's role group whose value is a top-1 label. */
    public static final String LABEL_GROUP = "label";

    /** Counter in a label group: predictions whose most probable label it is. */
    public static final String TOP1_PREDICTIONS = "top1Predictions";

    /** Counter: model descriptors applied (models swapped, promoted, rolled back, retired). */
    public static final String MODEL_SWAPS = "modelSwaps";

    /** Counter: model descriptors refused (the models in force stayed). */
    public static final String MODELS_REFUSED = "modelsRefused";

    /** Histogram: loading, checking and warming up a new model off the task thread, ms. */
    public static final String MODEL_LOAD_MILLIS = "modelLoadMillis";

    /** Histogram: how long the task thread paused for a swap, microseconds. */
    public static final String MODEL_SWAP_MICROS = "modelSwapMicros";

    /** Counter: frames the shadow model failed on while the model in force did not. */
    public static final String SHADOW_FAILURES = "shadowFailures";

    private final Histogram batchInferenceMillis;
    private final Histogram endToEndLatencyMillis;
    private final Histogram queueWaitMillis;
    private final Histogram deviceBatchMillis;
    private final Histogram batchSize;
    private final Counter framesClassified;
    private final Counter inferDeadLetters;
    private final Counter shadowFailures;
    private final MetricGroup group;
    private final Map<String, ModelMetrics> models = new HashMap<>();

    /**
     * Registers the metrics.
     *
     * @param group the operator's metric group
     * @param buffered frames in the buffer now
     * @param inFlight batches in flight now
     * @param device where the subtask's model runs
     */
    public ClassifierMetrics(
            MetricGroup group, IntSupplier buffered, IntSupplier inFlight, Device device) {
        this.batchInferenceMillis = histogram(group, BATCH_INFERENCE_MILLIS);
        this.endToEndLatencyMillis = histogram(group, END_TO_END_LATENCY_MILLIS);
        this.queueWaitMillis = histogram(group, QUEUE_WAIT_MILLIS);
        this.batchSize = histogram(group, BATCH_SIZE);
        this.framesClassified = group.counter(FRAMES_CLASSIFIED);
        group.meter(FRAMES_PER_SECOND, new MeterView(framesClassified));
        group.gauge(FRAMES_BUFFERED, (Gauge<Integer>) buffered::getAsInt);
        group.gauge(BATCHES_IN_FLIGHT, (Gauge<Integer>) inFlight::getAsInt);
        int passive = PyTorchRuntime.passiveWait() ? 1 : 0;
        group.gauge(OPENMP_PASSIVE_WAIT, (Gauge<Integer>) () -> passive);
        MetricGroup deviceGroup = group.addGroup(DEVICE_GROUP, device.toString());
        this.deviceBatchMillis = histogram(deviceGroup, DEVICE_BATCH_MILLIS);
        if (device.isGpu()) {
            deviceGroup.gauge(
                    DEVICE_MEMORY_USED_BYTES,
                    (Gauge<Long>) () -> CudaUtils.getGpuMemory(device).getUsed());
        }
        this.inferDeadLetters = DeadLetters.counter(group, Stage.INFER);
        this.shadowFailures = group.counter(SHADOW_FAILURES);
        this.group = group;
    }

    private static Histogram histogram(MetricGroup group, String name) {
        return group.histogram(
                name, new DescriptiveStatisticsHistogram(DecodeMetrics.HISTOGRAM_WINDOW));
    }

    /** Records one classified batch: its size and how long its inference took. */
    public void batch(int size, long inferenceMicros) {
        batchSize.update(size);
        batchInferenceMillis.update(inferenceMicros / 1_000);
        deviceBatchMillis.update(inferenceMicros / 1_000);
    }

    /**
     * Records one image classified.
     *
     * @param queueWaitMicros how long it waited for its batch
     * @param endToEndMillis how long since it entered the job (event time) or the function
     */
    public void classified(long queueWaitMicros, long endToEndMillis) {
        framesClassified.inc();
        queueWaitMillis.update(queueWaitMicros / 1_000);
        endToEndLatencyMillis.update(endToEndMillis);
    }

    /** Counts one image whose inference failed (a dead letter of stage {@code infer}). */
    public void deadLetter() {
        inferDeadLetters.inc();
    }

    void shadowFailed() {
        shadowFailures.inc();
    }

    /**
     * The metrics of one model in one role; registered once per subtask, so a model that comes back
     * (a rollback) counts on where it left off.
     */
    ModelMetrics model(LoadedModel model) {
        return models.computeIfAbsent(
                model.metricsKey(),
                k ->
                        new ModelMetrics(
                                group.addGroup(MODEL_GROUP, model.identity().getVersion())
                                        .addGroup(ROLE_GROUP, model.role())));
    }

    /** Registers the metrics of model control; only the operator that swaps models has them. */
    Lifecycle lifecycle() {
        return new Lifecycle(group);
    }

    /** A model's own share of the classifier metrics. */
    static final class ModelMetrics {
        private final MetricGroup group;
        private final Counter framesClassified;
        private final Histogram endToEndLatencyMillis;
        private final Histogram batchInferenceMillis;
        private final Map<String, Counter> top1 = new HashMap<>();

        private ModelMetrics(MetricGroup group) {
            this.group = group;
            this.framesClassified = group.counter(FRAMES_CLASSIFIED);
            this.endToEndLatencyMillis = histogram(group, END_TO_END_LATENCY_MILLIS);
            this.batchInferenceMillis = histogram(group, BATCH_INFERENCE_MILLIS);
        }

        void batch(long inferenceMicros) {
            batchInferenceMillis.update(inferenceMicros / 1_000);
        }

        void classified(long endToEndMillis, String topLabel) {
            framesClassified.inc();
            endToEndLatencyMillis.update(endToEndMillis);
            top1.computeIfAbsent(
                            topLabel,
                            label -> group.addGroup(LABEL_GROUP, label).counter(TOP1_PREDICTIONS))
                    .inc();
        }
    }

    /** Swaps, refusals, load and pause times. */
    static final class Lifecycle {
        private final Counter swaps;
        private final Counter refused;
        private final Histogram loadMillis;
        private final Histogram swapMicros;

        private Lifecycle(MetricGroup group) {
            this.swaps = group.counter(MODEL_SWAPS);
            this.refused = group.counter(MODELS_REFUSED);
            this.loadMillis = histogram(group, MODEL_LOAD_MILLIS);
            this.swapMicros = histogram(group, MODEL_SWAP_MICROS);
        }

        void swapped(long loadMillis, long pauseMicros) {
            swaps.inc();
            this.loadMillis.update(loadMillis);
            swapMicros.update(pauseMicros);
        }

        void refused() {
            refused.inc();
        }
    }
}
