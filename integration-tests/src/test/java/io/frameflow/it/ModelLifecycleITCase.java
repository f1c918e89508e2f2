package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.job.cli.FrameflowCli;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.model.ModelControlClient;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.testutils.KafkaBrokerExtension;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.operators.control.CanarySplit;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.deadletter.SourceAttributes;
import io.frameflow.operators.testutils.TestModels;
import io.frameflow.zoo.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Models change in a running stream job on a real broker: 10 000 frames of 50 cameras flow while
 * {@code frameflow model publish} makes the coarse test model a 20% canary, then promotes it, a
 * task fails, and the bundled model is rolled back to. Read back with read_committed: every event
 * id exactly once; every prediction by the model in force for its camera at its time (either side
 * of the swap boundary), with that model's labels; and no partition's predictions stall at a swap
 * for longer than twice the batch inference time (the run's 99th percentile) plus the max wait.
 *
 * <p>The producer keeps about {@value #BACKLOG} frames ahead of the job, so that a swap happens
 * while frames wait and a stall would show as a gap, not hide in idle time.
 */
class ModelLifecycleITCase {

    private static final int FRAMES = 10_000;
    private static final int CAMERAS = 50;
    private static final int PARALLELISM = 2;
    private static final double CANARY_PERCENT = 20;
    private static final int BACKLOG = 1_500;
    private static final int CHUNK = 250;
    private static final int HELD_BACK = 2_500;
    private static final Duration MAX_WAIT = Duration.ofMillis(5);
    private static final Duration STATUS_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.withSlots(PARALLELISM);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tmp;

    @Test
    void canaryPromoteTaskFailureAndRollbackWithoutLosingDuplicatingOrStallingAFrame()
            throws Exception {
        String prefix = "lifecycle";
        StreamRun run = new StreamRun(KAFKA.broker().bootstrapServers(), prefix, PARALLELISM);
        Configuration conf = run.configuration();
        String controlTopic = conf.get(FrameflowOptions.MODEL_CONTROL_TOPIC);
        String statusTopic = conf.get(FrameflowOptions.MODEL_STATUS_TOPIC);
        TopicCreation.create(KAFKA.broker().bootstrapServers(), 1, controlTopic, statusTopic);
        Path coarse = TestModels.coarse(tmp);
        String coarseSha = TestModels.sha256(coarse);
        String a = TestModels.bundledVersion();
        String b = ModelDescriptors.version(coarseSha);

        conf.set(FrameflowOptions.MAX_WAIT, MAX_WAIT);
        Gate.reset();
        JobClient job =
                run.start(
                        conf,
                        PARALLELISM,
                        events ->
                                events.map(new Gate(), new AvroTypeInfo<>(ImageEvent.class))
                                        .name("Count, fail on demand"));
        Producer producer = new Producer(run);
        CompletableFuture<Void> producing = CompletableFuture.runAsync(producer);
        Statuses statuses = new Statuses(statusTopic);

        producer.awaitFrames(300);
        publish(controlTopic, coarse, coarseSha, "canary", "--percent", "20");
        statuses.await("canary applied", applied(2));
        // The CLI checks a model on this machine before publishing; the client does not.
        publishUnchecked(controlTopic, "bundled", "f".repeat(64));
        statuses.await("wrong SHA-256 refused", refused(2));

        producer.awaitFrames(1_000);
        publish(controlTopic, coarse, coarseSha, "active");
        statuses.await("promotion applied", applied(4));

        // The APPLIED events are committed, so a checkpoint after the promotion completed.
        producer.awaitFrames(300);
        Gate.FAIL_NEXT.set(true);
        // The failure needs a frame to fail on: when the job has caught up with everything but
        // the held-back frames (a fast run), none would come before the rollback's release.
        producer.release(CHUNK);
        statuses.await("restored after the failure", kind(ModelStatusKind.RESTORED, 2));

        producer.awaitFrames(300);
        publish(controlTopic, "bundled", TestModels.bundledSha256(), "active");
        producer.releaseAll();
        statuses.await("rollback applied", applied(6));
        producing.get();

        StreamRun.Outcome outcome = run.outcome(FRAMES, Duration.ofMinutes(3));
        List<ModelStatus> all = statuses.read();
        String report = modelStatus(statusTopic);
        job.cancel().get();

        System.out.println(outcome.row("model lifecycle"));
        assertThat(Gate.FAILURES).as("injected failures").hasValue(1);
        assertThat(outcome.duplicated()).as("duplicated").isZero();
        assertThat(outcome.lost()).as("lost").isZero();
        assertThat(outcome.deadLetters()).as("dead letters").isZero();
        assertThat(outcome.predictions()).isEqualTo(FRAMES);

        List<Prediction> predictions = outcome.committed();
        predictions.forEach(TestModels::assertLabelsMatchVersion);
        Predicate<String> canary = camera -> CanarySplit.takes(camera, CANARY_PERCENT);
        ModelTimeline timeline =
                new ModelTimeline()
                        .then("canary", all, 1, false, c -> a, c -> canary.test(c) ? b : a)
                        .then("promote", all, 2, true, c -> canary.test(c) ? b : a, c -> b)
                        .then("rollback", all, 3, true, c -> b, c -> a);
        for (Prediction p : predictions) {
            assertThat(timeline.allowed(p))
                    .as(
                            "model of %s (%s) emitted at %d",
                            p.getEventId(), p.getSourceId(), p.getEmitTime())
                    .contains(p.getModelVersion());
        }
        assertThat(predictions).extracting(Prediction::getModelVersion).contains(a, b);
        // Both models really classify: each is right about most frames, in its own labels.
        assertThat(accuracy(predictions, a, p -> p.getGroundTruth())).isGreaterThan(0.85);
        assertThat(accuracy(predictions, b, p -> TestModels.coarseLabelOf(p.getGroundTruth())))
                .isGreaterThan(0.85);

        reportCanarySplit(predictions, timeline, b);
        assertNoStallAtASwap(predictions, timeline, all);

        System.out.println(report);
        assertThat(report).contains("2 classify subtasks");
        assertThat(report.lines().filter(l -> l.matches("^[01] .*")))
                .as("one line per subtask: the bundled model active, no canary, no shadow")
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains(a).doesNotContain(b));
        assertThat(report).contains("Refused").contains("Checksum mismatch");
    }

    /**
     * Every swap's gap in the predictions of each partition, where frames were waiting, is at most
     * twice the batch inference time plus the max wait. "The batch inference time" is measured in
     * this run: its 99th percentile, so that the bound holds the slow batches of a busy machine,
     * but not a pause of the swap's own (a model loaded on the task thread, say).
     */
    private static void assertNoStallAtASwap(
            List<Prediction> predictions, ModelTimeline timeline, List<ModelStatus> statuses) {
        List<ModelTimeline.SwapGap> gaps = timeline.swapGaps(predictions);
        long[] batches = batchInferenceMillis(predictions);
        long batchP50 = percentile(batches, 0.5);
        long batchP99 = percentile(batches, 0.99);
        long bound = 2 * batchP99 + MAX_WAIT.toMillis() + 1; // + 1: emit times are whole ms
        long[] ordinary =
                ModelTimeline.batchGaps(predictions).stream().mapToLong(l -> l).sorted().toArray();
        gaps.forEach(g -> System.out.println("LIFECYCLE " + g));
        List<ModelTimeline.SwapGap> backlogged =
                gaps.stream().filter(ModelTimeline.SwapGap::backlogged).toList();
        System.out.printf(
                "LIFECYCLE longest gap at a swap with frames waiting: %d ms (%d of %d swap gaps"
                        + " had frames waiting); bound %d ms = 2 x batch inference p99 %d ms + max"
                        + " wait %d ms + 1; batch inference p50 %d ms; gaps between batches with"
                        + " frames waiting p50 %d ms, p99 %d ms, max %d ms; task-thread pause of a"
                        + " swap (status events) up to %.1f ms%n",
                backlogged.stream().mapToLong(ModelTimeline.SwapGap::millis).max().orElse(-1),
                backlogged.size(),
                gaps.size(),
                bound,
                batchP99,
                MAX_WAIT.toMillis(),
                batchP50,
                percentile(ordinary, 0.5),
                percentile(ordinary, 0.99),
                ordinary.length == 0 ? -1 : ordinary[ordinary.length - 1],
                statuses.stream()
                                .filter(s -> s.getSwapMicros() != null)
                                .mapToLong(ModelStatus::getSwapMicros)
                                .max()
                                .orElse(0)
                        / 1000.0);
        assertThat(backlogged).as("swap gaps with frames waiting").isNotEmpty();
        assertThat(backlogged)
                .allSatisfy(
                        g -> assertThat(g.millis()).as(g.toString()).isLessThanOrEqualTo(bound));
    }

    private void publish(String topic, Path model, String sha, String role, String... more) {
        publish(topic, model.toString(), sha, role, more);
    }

    private void publish(String topic, String location, String sha, String role, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "model", "publish",
                                "--bootstrap-servers", KAFKA.broker().bootstrapServers(),
                                "--control-topic", topic,
                                "--location", location,
                                "--sha256", sha,
                                "--role", role,
                                "--by", "ModelLifecycleITCase"));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        CommandLine cli = FrameflowCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as(out.toString()).isZero();
        System.out.print("LIFECYCLE " + out);
    }

    private static void publishUnchecked(String topic, String location, String sha)
            throws Exception {
        new ModelControlClient(props())
                .publish(
                        topic,
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ModelDescriptor.class),
                        ModelDescriptors.create(
                                null, location, sha, ModelRole.ACTIVE, null, "test"));
    }

    private static String modelStatus(String statusTopic) {
        StringWriter out = new StringWriter();
        CommandLine cli = FrameflowCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit =
                cli.execute(
                        "model",
                        "status",
                        "--bootstrap-servers",
                        KAFKA.broker().bootstrapServers(),
                        "--status-topic",
                        statusTopic);
        assertThat(exit).as(out.toString()).isZero();
        return out.toString();
    }

    private static void reportCanarySplit(
            List<Prediction> predictions, ModelTimeline timeline, String canaryVersion) {
        ModelTimeline.Transition canary = timeline.transitions().get(0);
        ModelTimeline.Transition promote = timeline.transitions().get(1);
        List<Prediction> phase =
                predictions.stream()
                        .filter(
                                p ->
                                        p.getEmitTime() > canary.lastSwap()
                                                && p.getEmitTime() < promote.firstSwap())
                        .toList();
        long toCanary =
                phase.stream().filter(p -> p.getModelVersion().equals(canaryVersion)).count();
        long cameras =
                IntStream.range(0, CAMERAS)
                        .filter(i -> CanarySplit.takes("camera-" + i, CANARY_PERCENT))
                        .count();
        long camerasSeen =
                phase.stream()
                        .filter(p -> p.getModelVersion().equals(canaryVersion))
                        .map(Prediction::getSourceId)
                        .distinct()
                        .count();
        System.out.printf(
                "LIFECYCLE canary split: %d of %d cameras hash into %.0f%% (%d of them seen on the"
                    + " canary); %d of %d frames of the canary phase (%.1f%%) went to the canary%n",
                cameras,
                CAMERAS,
                CANARY_PERCENT,
                camerasSeen,
                toCanary,
                phase.size(),
                100.0 * toCanary / Math.max(1, phase.size()));
        assertThat(phase).as("predictions in the canary phase").isNotEmpty();
        assertThat(camerasSeen).isEqualTo(cameras);
    }

    /** The share of a model's predictions whose top-1 label is the expected one. */
    private static double accuracy(
            List<Prediction> predictions,
            String version,
            java.util.function.Function<Prediction, String> expected) {
        List<Prediction> mine =
                predictions.stream().filter(p -> p.getModelVersion().equals(version)).toList();
        double right =
                mine.stream()
                        .filter(p -> p.getTopK().get(0).getLabel().equals(expected.apply(p)))
                        .count();
        System.out.printf(
                "LIFECYCLE model %s: %d predictions, top-1 right %.1f%%%n",
                version, mine.size(), 100 * right / mine.size());
        return right / mine.size();
    }

    /**
     * The inference time of every batch of the run, sorted: a batch's predictions share its emit
     * time, partition and inference time.
     */
    private static long[] batchInferenceMillis(List<Prediction> predictions) {
        return predictions.stream()
                .map(
                        p ->
                                List.of(
                                        p.getAttributes()
                                                .getOrDefault(SourceAttributes.PARTITION, "?"),
                                        p.getEmitTime(),
                                        p.getTimings().getInferenceMicros()))
                .distinct()
                .mapToLong(batch -> ((Long) batch.get(2)) / 1_000)
                .sorted()
                .toArray();
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0
                ? -1
                : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }

    private static Predicate<List<ModelStatus>> applied(int count) {
        return kind(ModelStatusKind.APPLIED, count);
    }

    private static Predicate<List<ModelStatus>> refused(int count) {
        return kind(ModelStatusKind.REFUSED, count);
    }

    private static Predicate<List<ModelStatus>> kind(ModelStatusKind kind, int count) {
        return list -> list.stream().filter(s -> s.getKind() == kind).count() >= count;
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA.broker().bootstrapServers());
        return props;
    }

    /** Reads the committed status events again and again until a condition holds. */
    private static final class Statuses {
        private final String topic;

        Statuses(String topic) {
            this.topic = topic;
        }

        List<ModelStatus> read() throws Exception {
            return new ModelControlClient(props())
                    .statuses(
                            topic,
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ModelStatus.class),
                            Duration.ofSeconds(10));
        }

        void await(String what, Predicate<List<ModelStatus>> done) throws Exception {
            long deadline = System.nanoTime() + STATUS_TIMEOUT.toNanos();
            List<ModelStatus> seen = read();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                seen = read();
            }
            assertThat(done.test(seen)).as(what + "; status events: " + seen).isTrue();
            System.out.printf("LIFECYCLE %s at %d frames seen%n", what, Gate.SEEN.get());
        }
    }

    /**
     * Produces the frames in chunks, about {@link #BACKLOG} ahead of what the job has seen, all but
     * the last {@link #HELD_BACK} until {@link #releaseAll} (so that frames are left for after the
     * rollback).
     */
    private static final class Producer implements Runnable {
        private final StreamRun run;
        private final AtomicLong limit = new AtomicLong(FRAMES - HELD_BACK);
        private volatile long produced;

        Producer(StreamRun run) {
            this.run = run;
        }

        void releaseAll() {
            limit.set(FRAMES);
        }

        /** Lets {@code frames} more of the held-back frames go. */
        void release(int frames) {
            limit.updateAndGet(l -> Math.min(FRAMES, l + frames));
        }

        /**
         * Waits until the job has seen {@code count} more frames, or, while frames are held back,
         * until it has stopped seeing new ones (it caught up with everything produced).
         */
        void awaitFrames(long count) throws InterruptedException {
            long target = Gate.SEEN.get() + count;
            long deadline = System.nanoTime() + STATUS_TIMEOUT.toNanos();
            long last = -1;
            long quietSince = System.nanoTime();
            while (Gate.SEEN.get() < target && System.nanoTime() < deadline) {
                long seen = Gate.SEEN.get();
                if (seen != last) {
                    last = seen;
                    quietSince = System.nanoTime();
                } else if (produced >= limit.get()
                        && System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                    return;
                }
                Thread.sleep(20);
            }
            assertThat(Gate.SEEN.get()).as("frames seen by the job").isGreaterThanOrEqualTo(target);
        }

        @Override
        public void run() {
            try {
                while (produced < FRAMES) {
                    if (produced < limit.get() && produced - Gate.SEEN.get() < BACKLOG) {
                        int chunk = (int) Math.min(CHUNK, limit.get() - produced);
                        run.produce(
                                chunk,
                                0,
                                CAMERAS,
                                () -> new FashionMnistFrames(FashionMnist.testSet()));
                        produced += chunk;
                    } else {
                        Thread.sleep(20);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts the events the job sees (replays included) and fails once when asked to. */
    static final class Gate implements MapFunction<ImageEvent, ImageEvent> {
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicBoolean FAIL_NEXT = new AtomicBoolean();
        static final AtomicInteger FAILURES = new AtomicInteger();

        static void reset() {
            SEEN.set(0);
            FAIL_NEXT.set(false);
            FAILURES.set(0);
        }

        @Override
        public ImageEvent map(ImageEvent event) {
            SEEN.incrementAndGet();
            if (FAIL_NEXT.compareAndSet(true, false)) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException(
                        "Injected task failure between promote and rollback");
            }
            return event;
        }
    }
}
