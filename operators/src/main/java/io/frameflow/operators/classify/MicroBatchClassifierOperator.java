package io.frameflow.operators.classify;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.event.Timings;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.util.Collections;
import java.util.HashMap;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batching classifier: buffers {@link DecodedFrame}s and classifies them in batches with
 * one DJL predictor per subtask, over model weights shared by the subtasks of a TaskManager.
 *
 * <p>A batch is flushed when it is full, when its first frame has waited {@code maxWait}
 * (processing-time timer), before every checkpoint barrier, before a watermark is forwarded, and at
 * end of input. With {@code inFlightBatches > 0} a worker thread classifies while the task thread
 * fills the next batch ({@link InFlightBatches}); the window is drained at the same points. Because
 * nothing stays buffered or in flight across a barrier, the operator needs no state and recovery
 * neither loses nor duplicates a frame. Failed images become dead letters with stage {@code INFER},
 * on {@link DeadLetters#TAG}.
 */
public class MicroBatchClassifierOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<DecodedFrame, Prediction>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatchClassifierOperator.class);

    private final ClassifierOptions options;

    private transient MailboxExecutor mailbox;
    private transient SharedModels.Lease lease;
    private transient BatchClassifier classifier;
    private transient InFlightBatches inFlight;
    private transient ClassifierMetrics metrics;
    private transient PendingBatch buffer;
    private transient long batchGeneration;

    public MicroBatchClassifierOperator(ClassifierOptions options) {
        this.options = options;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        super.setMailboxExecutor(mailboxExecutor);
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        EngineThreads.configure(intraOpThreads(), options.interOpThreads());
        lease =
                SharedModels.acquire(
                        GpuAssignment.forSubtask(
                                options.model(),
                                subtask,
                                getRuntimeContext()
                                        .getExternalResourceInfos(GpuAssignment.RESOURCE_NAME),
                                () -> PyTorchRuntime.engine().getGpuCount()));
        if (!PyTorchRuntime.passiveWait() && !lease.model().device().isGpu()) {
            LOG.warn(
                    "libtorch's OpenMP threads spin while idle ({}={}); beside any busy"
                            + " neighbour inference slows down many times over. Set {}={} in the"
                            + " TaskManager's environment (containerized.taskmanager.env.{} on"
                            + " Kubernetes/YARN).",
                    PyTorchRuntime.OMP_WAIT_POLICY,
                    PyTorchRuntime.waitPolicy(),
                    PyTorchRuntime.OMP_WAIT_POLICY,
                    PyTorchRuntime.PASSIVE,
                    PyTorchRuntime.OMP_WAIT_POLICY);
        }
        classifier = new BatchClassifier(lease.model(), options.model().applySoftmax());
        buffer = new PendingBatch(options.batchSize());
        Runnable setUp =
                () -> {
                    // Per-thread in libtorch: set it on the thread that runs every inference.
                    GraphExecutor.optimizeOnThisThread(options.graphOptimizer());
                    if (options.warmUp()) {
                        WarmUp.run(classifier, lease.model().preprocessing(), options.batchSize());
                    }
                };
        if (options.inFlightBatches() > 0) {
            inFlight =
                    new InFlightBatches(
                            mailbox, options.inFlightBatches(), "frameflow-classify-" + subtask);
            inFlight.runOnWorker(setUp);
        } else {
            setUp.run();
        }
        metrics =
                new ClassifierMetrics(
                        getMetricGroup(),
                        () -> buffer.size(),
                        () -> inFlight == null ? 0 : inFlight.size(),
                        lease.model().device());
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        buffer.add(element, System.nanoTime());
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
        flushAndDrain();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushAndDrain();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flushAndDrain();
    }

    @Override
    public void finish() throws Exception {
        flushAndDrain();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (inFlight != null) {
                inFlight.close();
            }
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

    private void flushAndDrain() throws InterruptedException {
        flush();
        if (inFlight != null) {
            inFlight.drain();
        }
    }

    /** Hands the buffered frames to inference: here, or on the worker when batches overlap. */
    private void flush() throws InterruptedException {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        batchGeneration++;
        PendingBatch batch = buffer;
        buffer = new PendingBatch(options.batchSize());
        if (inFlight == null) {
            emit(batch, batch.classify(classifier));
        } else {
            inFlight.submit(() -> batch.classify(classifier), result -> emit(batch, result));
        }
    }

    /** Emits a classified batch's predictions and dead letters; on the task thread. */
    private void emit(PendingBatch batch, PendingBatch.Classified result) {
        int size = batch.size();
        metrics.batch(size, result.inferenceMicros());
        long now = System.currentTimeMillis();
        ClassifierModel model = lease.model();
        for (int i = 0; i < size; i++) {
            StreamRecord<DecodedFrame> record = batch.record(i);
            DecodedFrame frame = record.getValue();
            BatchClassifier.Outcome outcome = result.outcomes().get(i);
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
            long queueWaitMicros = (result.startNanos() - batch.arrivalNanos(i)) / 1_000;
            Prediction prediction =
                    prediction(
                            frame,
                            outcome.probabilities(),
                            model,
                            now,
                            queueWaitMicros,
                            result.inferenceMicros(),
                            size);
            metrics.classified(queueWaitMicros, prediction.getTimings().getEndToEndMillis());
            output.collect(record.replace(prediction));
        }
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
}
