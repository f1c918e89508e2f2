package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.operators.control.ModelStatuses;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

/**
 * A {@link ModelControlledClassifierOperator} in Flink's two-input test harness, with what the
 * model-control tests do to it: frames of a chosen camera, descriptors, waiting for the background
 * loader's results (the harness thread runs the mailbox), and the outputs by kind.
 */
final class ControlledHarness implements AutoCloseable {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    final TwoInputStreamOperatorTestHarness<DecodedFrame, ModelDescriptor, Prediction> harness;

    private ControlledHarness(
            TwoInputStreamOperatorTestHarness<DecodedFrame, ModelDescriptor, Prediction> harness) {
        this.harness = harness;
    }

    /** Opens an operator as subtask {@code subtask} of {@code parallelism}, from a state or not. */
    static ControlledHarness open(
            ClassifierOptions options, int parallelism, int subtask, OperatorSubtaskState state)
            throws Exception {
        var harness =
                new TwoInputStreamOperatorTestHarness<DecodedFrame, ModelDescriptor, Prediction>(
                        new ModelControlledClassifierOperator(options),
                        parallelism * 2,
                        parallelism,
                        subtask);
        harness.setup();
        if (state != null) {
            harness.initializeState(state);
        }
        harness.open();
        ControlledHarness controlled = new ControlledHarness(harness);
        controlled.runMails();
        return controlled;
    }

    static ControlledHarness open(ClassifierOptions options) throws Exception {
        return open(options, 1, 0, null);
    }

    /** Test image {@code i} as a frame of a camera. */
    void frame(int i, String camera) throws Exception {
        DecodedFrame frame = Frames.frame(i);
        frame.event.setSourceId(camera);
        harness.processElement1(frame, 1_000L + i);
    }

    void publish(ModelDescriptor descriptor) throws Exception {
        harness.processElement2(new StreamRecord<>(descriptor));
    }

    /** Runs the mail that is there (load results, status reports), on this thread. */
    void runMails() throws Exception {
        TaskMailbox mailbox = harness.getTaskMailbox();
        Optional<Mail> mail;
        while ((mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    /** Runs mail until {@code count} status events of a kind have been written. */
    List<ModelStatus> awaitStatuses(ModelStatusKind kind, int count) throws Exception {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (statuses(kind).size() < count && System.nanoTime() < deadline) {
            runMails();
            Thread.sleep(5);
        }
        List<ModelStatus> found = statuses(kind);
        assertThat(found).as(kind + " status events").hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    /** The last status event of a kind, after waiting for the {@code count}th. */
    ModelStatus awaitStatus(ModelStatusKind kind, int count) throws Exception {
        List<ModelStatus> found = awaitStatuses(kind, count);
        return found.get(found.size() - 1);
    }

    List<ModelStatus> statuses(ModelStatusKind kind) {
        return statuses().stream().filter(s -> s.getKind() == kind).toList();
    }

    List<ModelStatus> statuses() {
        return harness.getSideOutput(ModelStatuses.TAG) == null
                ? List.of()
                : harness.getSideOutput(ModelStatuses.TAG).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    List<Prediction> predictions() {
        return harness.extractOutputValues();
    }

    List<Prediction> shadowPredictions() {
        return harness.getSideOutput(AbstractClassifierOperator.SHADOW_PREDICTIONS) == null
                ? List.of()
                : harness.getSideOutput(AbstractClassifierOperator.SHADOW_PREDICTIONS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    /** Flushes and snapshots, as a checkpoint does. */
    OperatorSubtaskState checkpoint(long id) throws Exception {
        harness.prepareSnapshotPreBarrier(id);
        return harness.snapshot(id, id);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
