package io.frameflow.operators.classify;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.event.Timings;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batching classifier, whichever way its models are chosen: buffers {@link DecodedFrame}s
 * and classifies them in batches with one DJL predictor per model per subtask, over model weights
 * shared by the subtasks of a TaskManager ({@link SharedModels}).
 *
 * <p>A batch is flushed when it is full, when its first frame has waited {@code maxWait}
 * (processing-time timer), before every checkpoint barrier, before a watermark is forwarded, and at
 * end of input. With {@code inFlightBatches > 0} a worker thread classifies while the task thread
 * fills the next batch ({@link InFlightBatches}); the window is drained at the same points. Because
 * nothing stays buffered or in flight across a barrier, the batching needs no state and recovery
 * neither loses nor duplicates a frame. Failed images become dead letters with stage {@code INFER},
 * on {@link DeadLetters#TAG}.
 *
 * <p>Which model classifies a frame is the {@link ModelRouting}; a subclass opens the first one and
 * may {@link #swap} it between two batches.
 */
public abstract class AbstractClassifierOperator extends AbstractStreamOperator<Prediction> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AbstractClassifierOperator.class);

    /** The side output of the shadow model's predictions. */
    public static final OutputTag<Prediction> SHADOW_PREDICTIONS =
            new OutputTag<>("shadow-predictions", new AvroTypeInfo<>(Prediction.class));

    protected final ClassifierOptions options;

    private transient MailboxExecutor mailbox;
    private transient InFlightBatches inFlight;
    private transient ClassifierMetrics metrics;
    private transient PendingBatch buffer;
    private transient long batchGeneration;
    private transient ModelRouting routing;

    protected AbstractClassifierOperator(ClassifierOptions options) {
        this.options = options;
    }

    /**
     * Opens the models the operator starts with, on the task thread, before the first frame; the
     * base class warms them up and closes them.
     */
    abstract ModelRouting openModels() throws Exception;

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        super.setMailboxExecutor(mailboxExecutor);
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (mailbox == null) {
            // Flink hands it in when it creates the operator through a factory; tests may not.
            mailbox =
                    getContainingTask()
                            .getMailboxExecutorFactory()
                            .createExecutor(getOperatorConfig().getChainIndex());
        }
        EngineThreads.configure(intraOpThreads(), options.interOpThreads());
        routing = openModels();
        if (!PyTorchRuntime.passiveWait() && !routing.active().model().device().isGpu()) {
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
        buffer = new PendingBatch(options.batchSize());
        List<LoadedModel> models = routing.models();
        Runnable setUp =
                () -> {
                    // Per-thread in libtorch: set it on the thread that runs every inference.
                    GraphExecutor.optimizeOnThisThread(options.graphOptimizer());
                    models.forEach(this::warmUp);
                };
        if (options.inFlightBatches() > 0) {
            inFlight =
                    new InFlightBatches(
                            mailbox, options.inFlightBatches(), "frameflow-classify-" + subtask());
            inFlight.runOnWorker(setUp);
        } else {
            setUp.run();
        }
        metrics =
                new ClassifierMetrics(
                        getMetricGroup(),
                        () -> buffer.size(),
                        () -> inFlight == null ? 0 : inFlight.size(),
                        routing.active().model().device());
    }

    /** Runs blank batches through a model's predictor, if warm-up is on; any thread. */
    void warmUp(LoadedModel model) {
        if (options.warmUp()) {
            WarmUp.run(model.classifier(), model.model().preprocessing(), options.batchSize());
        }
    }

    /** Buffers a frame; classifies the batch when it is full (or at once without a max wait). */
    final void processFrame(StreamRecord<DecodedFrame> element) throws Exception {
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
            if (routing != null) {
                for (LoadedModel model : routing.models()) {
                    model.close();
                }
            }
        } finally {
            super.close();
        }
    }

    /** Classifies everything buffered and waits until every batch in flight is emitted. */
    final void flushAndDrain() throws InterruptedException {
        flush();
        if (inFlight != null) {
            inFlight.drain();
        }
    }

    /**
     * Replaces the routing between two batches, on the task thread: the frames that arrived before
     * are classified and emitted with the old one first, then models the new routing does not use
     * are closed.
     *
     * @return how long the task thread paused for it, in microseconds
     */
    final long swap(ModelRouting next) throws InterruptedException {
        long start = System.nanoTime();
        flushAndDrain();
        ModelRouting previous = routing;
        routing = next;
        for (LoadedModel model : previous.models()) {
            if (!next.contains(model)) {
                model.close();
            }
        }
        return (System.nanoTime() - start) / 1_000;
    }

    /** The routing in force. */
    final ModelRouting routing() {
        return routing;
    }

    final ClassifierMetrics metrics() {
        return metrics;
    }

    final MailboxExecutor mailbox() {
        return mailbox;
    }

    /** A spec placed on this subtask's device (its GPU, when the spec asks for one). */
    final ModelSpec placed(ModelSpec spec) {
        return GpuAssignment.forSubtask(
                spec,
                subtask(),
                getRuntimeContext().getExternalResourceInfos(GpuAssignment.RESOURCE_NAME),
                () -> PyTorchRuntime.engine().getGpuCount());
    }

    final int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    /** Hands the buffered frames to inference: here, or on the worker when batches overlap. */
    private void flush() throws InterruptedException {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        if (inFlight != null) {
            // Wait for room before taking the batch: a swap that runs meanwhile flushes it with
            // the models it was filled under, and this flush finds the buffer empty.
            inFlight.awaitRoom();
            if (buffer.isEmpty()) {
                return;
            }
        }
        batchGeneration++;
        PendingBatch batch = buffer;
        ModelRouting models = routing;
        buffer = new PendingBatch(options.batchSize());
        if (inFlight == null) {
            emit(batch, batch.classify(models));
        } else {
            inFlight.submit(() -> batch.classify(models), result -> emit(batch, result));
        }
    }

    /** Emits a classified batch's predictions and dead letters; on the task thread. */
    private void emit(PendingBatch batch, PendingBatch.Classified result) {
        int size = batch.size();
        metrics.batch(size, result.inferenceMicros());
        for (PendingBatch.Part part : result.parts()) {
            metrics.model(part.model()).batch(part.micros());
        }
        if (result.shadowModel() != null) {
            metrics.model(result.shadowModel()).batch(result.shadowMicros());
        }
        long now = System.currentTimeMillis();
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
            if (result.shadowModel() != null) {
                emitShadow(record, result, i, now, queueWaitMicros, size);
            }
            LoadedModel model = result.models().get(i);
            Prediction prediction =
                    prediction(
                            frame,
                            outcome.probabilities(),
                            model,
                            now,
                            queueWaitMicros,
                            result.inferenceMicros(),
                            size);
            long endToEnd = prediction.getTimings().getEndToEndMillis();
            metrics.classified(queueWaitMicros, endToEnd);
            metrics.model(model).classified(endToEnd, topLabel(prediction));
            output.collect(record.replace(prediction));
        }
    }

    private void emitShadow(
            StreamRecord<DecodedFrame> record,
            PendingBatch.Classified result,
            int i,
            long now,
            long queueWaitMicros,
            int size) {
        BatchClassifier.Outcome outcome = result.shadowOutcomes().get(i);
        if (outcome.failed()) {
            metrics.shadowFailed();
            return;
        }
        Prediction shadow =
                prediction(
                        record.getValue(),
                        outcome.probabilities(),
                        result.shadowModel(),
                        now,
                        queueWaitMicros,
                        result.shadowMicros(),
                        size);
        metrics.model(result.shadowModel())
                .classified(shadow.getTimings().getEndToEndMillis(), topLabel(shadow));
        output.collect(
                SHADOW_PREDICTIONS,
                record.hasTimestamp()
                        ? new StreamRecord<>(shadow, record.getTimestamp())
                        : new StreamRecord<>(shadow));
    }

    private static String topLabel(Prediction prediction) {
        List<LabelProbability> topK = prediction.getTopK();
        return topK.isEmpty() ? "" : topK.get(0).getLabel();
    }

    private Prediction prediction(
            DecodedFrame frame,
            float[] probabilities,
            LoadedModel model,
            long now,
            long queueWaitMicros,
            long inferenceMicros,
            int batchSize) {
        ImageEvent event = frame.event;
        return Prediction.newBuilder()
                .setEventId(event.getId())
                .setSourceId(event.getSourceId())
                .setEventTime(event.getEventTime())
                .setTopK(TopK.of(probabilities, model.model().labels(), options.model().topK()))
                .setModelId(model.identity().getModelId())
                .setModelVersion(model.identity().getVersion())
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
