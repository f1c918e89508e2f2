package io.frameflow.operators.classify;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.operators.control.ModelControlState;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.control.ModelLineup;
import io.frameflow.operators.control.ModelStatuses;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.zoo.model.GraphExecutor;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batching classifier whose models change while the job runs: frames on the first input,
 * {@link ModelDescriptor}s broadcast to every subtask on the second.
 *
 * <p>A descriptor's model is loaded, checked (SHA-256, output width against its labels, input shape
 * by a probe, the stream's pixel layout) and warmed up on a loader thread while frames go on
 * through the models in force; then, on the task thread through the mailbox, the batch being filled
 * is classified with the old models and the new lineup takes over from the next frame ({@link
 * AbstractClassifierOperator#swap}). Descriptors take effect in the order they came. A model that
 * fails a check is refused: the lineup stays, a status event says why, a metric counts it.
 *
 * <p>The lineup and the descriptors still loading are broadcast operator state ({@link
 * ModelControlState}): after a failure or a restore from a savepoint, also at another parallelism,
 * every subtask opens the models it ran before in {@code open()}, before its first frame, and loads
 * the pending ones again. Status events go to {@link ModelStatuses#TAG}, shadow predictions to
 * {@link #SHADOW_PREDICTIONS}.
 */
public class ModelControlledClassifierOperator extends AbstractClassifierOperator
        implements TwoInputStreamOperator<DecodedFrame, ModelDescriptor, Prediction>,
                BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG =
            LoggerFactory.getLogger(ModelControlledClassifierOperator.class);

    /** The index of the descriptor input in Flink's combined watermark. */
    private static final int DESCRIPTOR_INPUT = 1;

    private transient BroadcastState<String, ModelDescriptor> state;
    private transient boolean restored;
    private transient ModelLineup lineup;
    private transient List<ModelDescriptor> restoredPending;
    private transient List<Refusal> restoreRefusals;
    private transient Preprocessing frames;
    private transient Deque<Pending> pending;
    private transient BackgroundLoader loader;
    private transient ModelStatuses.Origin origin;
    private transient ClassifierMetrics.Lifecycle lifecycle;
    private transient boolean closed;
    private transient boolean applying;

    /** A descriptor received and not applied yet, with its model loading. */
    private record Pending(ModelDescriptor descriptor, CompletableFuture<LoadedModel> model) {}

    /** A model of the restored lineup that could not be opened again. */
    private record Refusal(String descriptorId, String reason) {}

    public ModelControlledClassifierOperator(ClassifierOptions options) {
        super(options);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getBroadcastState(ModelControlState.DESCRIPTOR);
        ModelControlState.Snapshot snapshot = ModelControlState.read(state);
        restored = context.isRestored();
        lineup = snapshot.lineup();
        restoredPending = snapshot.pending();
    }

    @Override
    ModelRouting openModels() {
        frames = ModelLoader.preprocessingOf(options.model());
        restoreRefusals = new ArrayList<>();
        LoadedModel active = restore(lineup.active(), LoadedModel.ACTIVE);
        if (active == null) {
            active =
                    LoadedModel.open(
                            placed(options.model()),
                            null,
                            LoadedModel.ACTIVE,
                            frames,
                            options.model().applySoftmax());
        }
        LoadedModel canary = restore(lineup.canary(), LoadedModel.CANARY);
        LoadedModel shadow = restore(lineup.shadow(), LoadedModel.SHADOW);
        return new ModelRouting(
                active, canary, canary == null ? 0 : lineup.canary().getCanaryPercent(), shadow);
    }

    /**
     * Opens a model of the restored lineup. One that cannot be opened any more (its file gone) is
     * dropped from the lineup and reported, rather than failing the job over and over: the
     * configured model takes the active role, a canary's cameras go back to the active model.
     */
    private LoadedModel restore(ModelDescriptor d, String role) {
        if (d == null) {
            return null;
        }
        try {
            return LoadedModel.open(
                    descriptorSpec(d), d, role, frames, options.model().applySoftmax());
        } catch (RuntimeException e) {
            LOG.error("Cannot restore {}; dropping it", ModelDescriptors.describe(d), e);
            lineup = lineup.without(d);
            restoreRefusals.add(new Refusal(d.getId(), "cannot restore it: " + reason(e)));
            return null;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Descriptors carry no event time: the frames alone decide the watermark.
        combinedWatermark.updateStatus(DESCRIPTOR_INPUT, true);
        origin =
                new ModelStatuses.Origin(
                        getRuntimeContext().getJobInfo().getJobId().toString(),
                        getRuntimeContext().getJobInfo().getJobName(),
                        subtask(),
                        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        lifecycle = metrics().lifecycle();
        loader = new BackgroundLoader("frameflow-model-loader-" + subtask());
        pending = new ArrayDeque<>();
        List<Refusal> refusals = restoreRefusals;
        mailbox()
                .execute(
                        () -> {
                            status(restored ? ModelStatusKind.RESTORED : ModelStatusKind.STARTED);
                            for (Refusal refusal : refusals) {
                                lifecycle.refused();
                                emit(
                                        statusOf(ModelStatusKind.REFUSED)
                                                .setDescriptorId(refusal.descriptorId())
                                                .setReason(refusal.reason()));
                            }
                        },
                        "report the models in force");
        for (ModelDescriptor d : restoredPending) {
            submit(d);
        }
    }

    @Override
    public void processElement1(StreamRecord<DecodedFrame> element) throws Exception {
        processFrame(element);
    }

    @Override
    public void processElement2(StreamRecord<ModelDescriptor> element) {
        ModelDescriptor d = element.getValue();
        List<String> problems = ModelDescriptors.problems(d);
        if (!problems.isEmpty()) {
            refuse(d, "invalid descriptor: " + String.join("; ", problems));
            return;
        }
        LOG.info("Model descriptor {} ({}) received", d.getId(), ModelDescriptors.describe(d));
        submit(d);
    }

    /** Queues a descriptor and, unless it only retires a model, starts loading its model. */
    private void submit(ModelDescriptor d) {
        CompletableFuture<LoadedModel> model;
        if (d.getRole() == ModelRole.RETIRED) {
            model = CompletableFuture.completedFuture(null);
        } else {
            ModelSpec spec = descriptorSpec(d); // here: the runtime context is the task thread's
            model = loader.load(() -> prepare(d, spec));
        }
        pending.add(new Pending(d, model));
        model.whenComplete(
                (loaded, error) -> {
                    try {
                        mailbox().execute(this::applyReady, "apply model descriptors");
                    } catch (RejectedExecutionException e) {
                        // The task is shutting down; close() releases what is still pending.
                    }
                });
    }

    /** Loads, checks and warms up a descriptor's model; on the loader thread. */
    private LoadedModel prepare(ModelDescriptor d, ModelSpec spec) {
        long start = System.nanoTime();
        GraphExecutor.optimizeOnThisThread(options.graphOptimizer());
        LoadedModel model =
                LoadedModel.open(
                        spec, d, roleName(d.getRole()), frames, options.model().applySoftmax());
        try {
            warmUp(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model.loadedIn((System.nanoTime() - start) / 1_000_000);
    }

    /** Applies the descriptors at the head of the queue whose models are ready, in order. */
    private void applyReady() throws InterruptedException {
        if (applying) {
            // A swap waiting for its batches in flight yields to the mailbox, which may run this
            // mail again: the loop below goes on with the queue once that swap is done.
            return;
        }
        applying = true;
        try {
            while (!closed && !pending.isEmpty() && pending.peek().model().isDone()) {
                apply(pending.poll());
            }
        } finally {
            applying = false;
        }
    }

    private void apply(Pending p) throws InterruptedException {
        ModelDescriptor d = p.descriptor();
        LoadedModel fresh;
        try {
            fresh = p.model().join();
        } catch (CompletionException e) {
            refuse(d, reason(e.getCause()));
            return;
        }
        ModelLineup.Change change = lineup.apply(d, configuredSha256());
        if (change.refused()) {
            if (fresh != null) {
                fresh.close();
            }
            refuse(d, change.refusal());
            return;
        }
        ModelRouting next = routingFor(change.lineup(), d, fresh);
        long pauseMicros = swap(next);
        lineup = change.lineup();
        long loadMillis = fresh == null ? 0 : fresh.loadMillis();
        lifecycle.swapped(loadMillis, pauseMicros);
        LOG.info(
                "Applied {} (loaded in {} ms, task thread paused {} µs)",
                ModelDescriptors.describe(d),
                loadMillis,
                pauseMicros);
        emit(
                statusOf(ModelStatusKind.APPLIED)
                        .setDescriptorId(d.getId())
                        .setLoadMillis(loadMillis)
                        .setSwapMicros(pauseMicros));
    }

    /** The routing of a new lineup: the fresh model in its role, the others as they are. */
    private ModelRouting routingFor(ModelLineup next, ModelDescriptor d, LoadedModel fresh) {
        ModelRouting current = routing();
        LoadedModel active =
                next.active() == null ? current.active() : pick(next.active(), d, fresh, current);
        LoadedModel canary = pick(next.canary(), d, fresh, current);
        return new ModelRouting(
                active,
                canary,
                canary == null ? 0 : next.canary().getCanaryPercent(),
                pick(next.shadow(), d, fresh, current));
    }

    private static LoadedModel pick(
            ModelDescriptor role, ModelDescriptor d, LoadedModel fresh, ModelRouting current) {
        if (role == null) {
            return null;
        }
        if (role == d) {
            return fresh;
        }
        for (LoadedModel model : current.models()) {
            if (model.descriptor() == role) {
                return model;
            }
        }
        throw new IllegalStateException("no model in force for " + ModelDescriptors.describe(role));
    }

    /** The configured model's SHA-256 while it is active; null once a descriptor replaced it. */
    private String configuredSha256() {
        return lineup.active() == null ? routing().active().model().sha256() : null;
    }

    private ModelSpec descriptorSpec(ModelDescriptor d) {
        return placed(
                options.model().toBuilder()
                        .setLocation(d.getLocation())
                        .optSha256(d.getSha256())
                        .optPreprocessing(null)
                        .build());
    }

    private void refuse(ModelDescriptor d, String reason) {
        lifecycle.refused();
        LOG.warn("Refused model descriptor {}: {}", d.getId(), reason);
        emit(statusOf(ModelStatusKind.REFUSED).setDescriptorId(d.getId()).setReason(reason));
    }

    private void status(ModelStatusKind kind) {
        emit(statusOf(kind));
    }

    private ModelStatus.Builder statusOf(ModelStatusKind kind) {
        return ModelStatuses.event(origin, kind, routing().active().identity(), lineup);
    }

    private void emit(ModelStatus.Builder status) {
        output.collect(ModelStatuses.TAG, new StreamRecord<>(status.build()));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<ModelDescriptor> waiting = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            waiting.add(p.descriptor());
        }
        ModelControlState.write(state, lineup, waiting);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // Descriptors carry no event time (see open()).
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index != DESCRIPTOR_INPUT) {
            super.processWatermarkStatus(status, index);
        }
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flushAndDrain();
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        try {
            if (loader != null) {
                loader.close();
            }
            if (pending != null) {
                for (Pending p : pending) {
                    if (p.model().isDone() && !p.model().isCompletedExceptionally()) {
                        LoadedModel model = p.model().join();
                        if (model != null) {
                            model.close();
                        }
                    }
                }
            }
        } finally {
            super.close();
        }
    }

    private static String roleName(ModelRole role) {
        return switch (role) {
            case CANARY -> LoadedModel.CANARY;
            case SHADOW -> LoadedModel.SHADOW;
            default -> LoadedModel.ACTIVE;
        };
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }
}
