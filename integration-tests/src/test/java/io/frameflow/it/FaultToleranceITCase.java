package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.testutils.KafkaBrokerExtension;
import io.frameflow.job.testutils.MiniClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job under faults, 10 000 frames each, on a MiniCluster with a real broker: every
 * event id must be in the committed output (read_committed) exactly once, predictions + dead
 * letters = frames in. Prints one FAULT row per test: frames in, out, dead letters, lost,
 * duplicated, longest stall between predictions (the recovery time).
 */
class FaultToleranceITCase {

    private static final int FRAMES = 10_000;

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tmp;

    @Test
    void aTaskFailureAfterACompletedCheckpoint() throws Exception {
        check("one task failure", List.of(3_000L));
    }

    @Test
    void threeFailuresAtRandomPoints() throws Exception {
        java.util.Random random = new java.util.Random();
        List<Long> points = random.longs(3, 1_000, 9_000).sorted().boxed().toList();
        check("three task failures at " + points, points);
    }

    private void check(String name, List<Long> failurePoints) throws Exception {
        FailAt.arm(failurePoints);
        StreamRun run = new StreamRun(KAFKA.broker().bootstrapServers(), "f" + System.nanoTime());
        JobClient job =
                run.start(
                        run.configuration(),
                        2,
                        events ->
                                events.map(new FailAt(), new AvroTypeInfo<>(ImageEvent.class))
                                        .name("Fail at"));
        run.produce(FRAMES, 0);
        StreamRun.Outcome outcome = run.outcome(FRAMES, Duration.ofMinutes(5));
        job.cancel().get();
        System.out.println(outcome.row(name));
        assertThat(FailAt.FAILURES).as("failures injected").hasValue(failurePoints.size());
        assertExact(outcome);
    }

    @Test
    void theBrokerStopsForTwentySecondsMidStream() throws Exception {
        StreamRun run = new StreamRun(KAFKA.broker().bootstrapServers(), "broker");
        JobClient job = run.start(run.configuration(), 2, e -> e);
        CompletableFuture<Void> producing =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                run.produce(FRAMES, 500);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(6_000);
        KAFKA.broker().stop();
        Thread.sleep(20_000);
        KAFKA.broker().restart();
        producing.get();
        StreamRun.Outcome outcome = run.outcome(FRAMES, Duration.ofMinutes(5));
        job.cancel().get();
        System.out.println(outcome.row("broker stopped 20 s"));
        assertExact(outcome);
    }

    @Test
    void stopWithSavepointAndRestartAtAnotherParallelism() throws Exception {
        StreamRun run = new StreamRun(KAFKA.broker().bootstrapServers(), "savepoint");
        JobClient first = run.start(run.configuration(), 2, e -> e);
        run.produce(FRAMES / 2, 0);
        Thread.sleep(8_000);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                tmp.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        run.produce(FRAMES / 2, 0);
        Configuration restore = run.configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = run.start(restore, 1, e -> e);

        StreamRun.Outcome outcome = run.outcome(FRAMES, Duration.ofMinutes(5));
        second.cancel().get();
        System.out.println(outcome.row("savepoint, parallelism 2 -> 1"));
        assertExact(outcome);
    }

    private static void assertExact(StreamRun.Outcome outcome) {
        assertThat(outcome.duplicated()).as("duplicated").isZero();
        assertThat(outcome.lost()).as("lost").isZero();
        assertThat(outcome.predictions() + outcome.deadLetters())
                .as("out = in")
                .isEqualTo(outcome.framesIn());
    }

    /**
     * Throws once at each armed count of events seen, each time only after a completed checkpoint.
     */
    static final class FailAt implements MapFunction<ImageEvent, ImageEvent>, CheckpointListener {
        static final AtomicInteger FAILURES = new AtomicInteger();
        private static final AtomicLong SEEN = new AtomicLong();
        private static final AtomicLong CHECKPOINTS = new AtomicLong();
        private static volatile List<Long> points = List.of();
        private static volatile long checkpointsAtLastFailure;

        static void arm(List<Long> failAt) {
            FAILURES.set(0);
            SEEN.set(0);
            CHECKPOINTS.set(0);
            checkpointsAtLastFailure = 0;
            points = failAt;
        }

        @Override
        public ImageEvent map(ImageEvent event) {
            long seen = SEEN.incrementAndGet();
            int done = FAILURES.get();
            if (done < points.size()
                    && seen >= points.get(done)
                    && CHECKPOINTS.get() > checkpointsAtLastFailure
                    && FAILURES.compareAndSet(done, done + 1)) {
                checkpointsAtLastFailure = CHECKPOINTS.get();
                throw new IllegalStateException("Injected failure " + (done + 1));
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }
}
