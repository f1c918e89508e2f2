package io.frameflow.operators.classify;

import ai.djl.engine.Engine;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.event.Timings;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The micro-batching classifier: buffers {@link DecodedFrame}s and classifies them in batches with
 * one DJL predictor per subtask, over model weights shared by the subtasks of a TaskManager.
 *
 * <p>A batch is flushed when it is full, when its first frame has waited {@code maxWait}
 * (processing-time timer), before every checkpoint barrier, before a watermark is forwarded, and at
 * end of input. Because nothing stays buffered across a barrier, the buffer needs no state and
 * recovery neither loses nor duplicates a frame. Failed images become dead letters with stage
 * {@code INFER}, on {@link DeadLetters#TAG}.
 */
public class MicroBatchClassifierOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<DecodedFrame, Prediction>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final ClassifierOptions options;

    private transient SharedModels.Lease lease;
    private transient BatchClassifier classifier;
    private transient ClassifierMetrics metrics;
    private transient List<StreamRecord<DecodedFrame>> buffer;
    private transient long[] arrivalNanos;
    private transient long batchGeneration;

    public MicroBatchClassifierOperator(ClassifierOptions options) {
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        EngineThreads.configure(intraOpThreads(), options.interOpThreads());
        lease = SharedModels.acquire(deviceForSubtask(options.model(), subtask));
        // open() runs on the task thread that will run every inference.
        GraphExecutor.optimizeOnThisThread(options.graphOptimizer());
        classifier = new BatchClassifier(lease.model(), options.model().applySoftmax());
        buffer = new ArrayList<>(options.batchSize());
        arrivalNanos = new long[options.batchSize()];
        metrics = new ClassifierMetrics(getMetricGroup(), () -> buffer.size());
        if (options.warmUp()) {
            WarmUp.run(classifier, lease.model().preprocessing(), options.batchSize());
        }
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        arrivalNanos[buffer.size()] = System.nanoTime();
        buffer.add(element);
        if (buffer.size() >= options.batchSize() || options.maxWait().isZero()) {
            flush();
        } else if (buffer.size() == 1) {
            long generation = batchGeneration;
            long deadline =
                    getProcessingTimeService().getCurrentProcessingTime()
                            + options.maxWait().toMillis();
            getProcessingTimeService()
                    .registerTimer(
                            deadline,
                            time -> {
                                // A timer of a batch that was already flushed by size is stale.
                                if (generation == batchGeneration) {
                                    flush();
                                }
                            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Emit the buffered frames first, or they would arrive behind the watermark as late data.
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (classifier != null) {
                classifier.close();
            }
        } finally {
            if (lease != null) {
                lease.close();
            }
            super.close();
        }
    }

    /** Classifies and emits everything in the buffer. */
    private void flush() {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        batchGeneration++;
        int size = buffer.size();
        long batchStart = System.nanoTime();
        List<float[]> tensors = new ArrayList<>(size);
        for (StreamRecord<DecodedFrame> record : buffer) {
            tensors.add(record.getValue().tensor);
        }
        List<BatchClassifier.Outcome> outcomes = classifier.classify(tensors);
        long inferenceMicros = (System.nanoTime() - batchStart) / 1_000;
        metrics.batch(size, inferenceMicros);
        long now = System.currentTimeMillis();
        ClassifierModel model = lease.model();
        for (int i = 0; i < size; i++) {
            StreamRecord<DecodedFrame> record = buffer.get(i);
            DecodedFrame frame = record.getValue();
            BatchClassifier.Outcome outcome = outcomes.get(i);
            if (outcome.failed()) {
                metrics.deadLetter();
                output.collect(
                        DeadLetters.TAG,
                        record.replace(
                                DeadLetters.of(
                                        frame.event,
                                        Stage.INFER,
                                        outcome.error().getClass().getName(),
                                        String.valueOf(outcome.error().getMessage()))));
                continue;
            }
            long queueWaitMicros = (batchStart - arrivalNanos[i]) / 1_000;
            Prediction prediction =
                    prediction(
                            frame,
                            outcome.probabilities(),
                            model,
                            now,
                            queueWaitMicros,
                            inferenceMicros,
                            size);
            metrics.classified(queueWaitMicros, prediction.getTimings().getEndToEndMillis());
            output.collect(record.replace(prediction));
        }
        buffer.clear();
    }

    private Prediction prediction(
            DecodedFrame frame,
            float[] probabilities,
            ClassifierModel model,
            long now,
            long queueWaitMicros,
            long inferenceMicros,
            int batchSize) {
        ImageEvent event = frame.event;
        return Prediction.newBuilder()
                .setEventId(event.getId())
                .setSourceId(event.getSourceId())
                .setEventTime(event.getEventTime())
                .setTopK(TopK.of(probabilities, model.labels(), options.model().topK()))
                .setModelId(model.id())
                .setModelVersion(model.version())
                .setGroundTruth(event.getLabel())
                .setTimings(
                        Timings.newBuilder()
                                .setQueueWaitMicros(queueWaitMicros)
                                .setDecodeMicros(frame.decodeMicros)
                                .setInferenceMicros(inferenceMicros)
                                .setBatchSize(batchSize)
                                .setEndToEndMillis(now - event.getEventTime())
                                .build())
                .setEmitTime(now)
                .setAttributes(
                        event.getAttributes().isEmpty()
                                ? Collections.emptyMap()
                                : new HashMap<>(event.getAttributes()))
                .build();
    }

    /** Intra-op threads: as configured, or the cores divided among the slots that classify. */
    private int intraOpThreads() {
        if (options.intraOpThreads() > 0) {
            return options.intraOpThreads();
        }
        int slots =
                getContainingTask()
                        .getEnvironment()
                        .getTaskManagerInfo()
                        .getConfiguration()
                        .get(TaskManagerOptions.NUM_TASK_SLOTS);
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        int classifyingSlots = Math.max(1, Math.min(slots, parallelism));
        return Math.max(1, Runtime.getRuntime().availableProcessors() / classifyingSlots);
    }

    /** CPU stays CPU; a GPU request spreads the subtasks over the GPUs: subtask mod count. */
    static ModelSpec deviceForSubtask(ModelSpec spec, int subtask) {
        if (!"gpu".equals(spec.device().type())) {
            return spec;
        }
        int gpus = Engine.getEngine(ModelLoader.ENGINE).getGpuCount();
        if (gpus == 0) {
            return spec; // the loader fails or falls back, as the spec says
        }
        return spec.toBuilder().optDevice(new DeviceChoice("gpu", subtask % gpus)).build();
    }
}
