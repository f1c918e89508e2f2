package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameSource;
import io.frameflow.job.produce.SourceFrame;
import io.frameflow.zoo.data.FashionMnist;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Kafka SQL script on a MiniCluster and a real broker: a Kafka source table of
 * plain-Avro {@code ImageEvent}s, {@code ML_PREDICT} with the frameflow provider, a Kafka sink
 * table with exactly-once. Mid-stream, after predictions were committed, the TaskManager running
 * every task is terminated and a new one started (all tasks fail; the async operator's rows in
 * flight come back from the checkpoint). Read back with read_committed: every event id exactly
 * once, damaged images as rows with an error.
 */
class SqlExactlyOnceITCase {

    private static final int FRAMES = 2_000;
    private static final int DAMAGE_EVERY = 100;

    private static LocalKafkaBroker kafka;
    private static MiniCluster flink;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafkaBroker.start();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 30);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build());
        flink.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyEventIdExactlyOnceThroughATaskManagerFailure() throws Exception {
        SqlRun run = new SqlRun(kafka.bootstrapServers(), "sql" + System.nanoTime(), 2);
        TestStreamEnvironment env = new TestStreamEnvironment(flink, 2);
        JobClient job = run.start(env, run.script(Map.of()));
        CompletableFuture<Void> producing =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                run.produce(
                                        FRAMES,
                                        150,
                                        4,
                                        () ->
                                                new DamagedEvery(
                                                        new FashionMnistFrames(
                                                                FashionMnist.testSet()),
                                                        DAMAGE_EVERY));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });

        // Predictions are visible only once a checkpoint committed them: fail after that.
        run.awaitPredictions(FRAMES / 5, Duration.ofMinutes(3));
        flink.terminateTaskManager(0).get();
        flink.startTaskManager();
        producing.get();

        List<SqlRun.Row> rows =
                run.committed(
                        r -> r.stream().map(SqlRun.Row::id).distinct().count() >= FRAMES,
                        Duration.ofMinutes(4));
        job.cancel().get();

        Map<String, Long> perId =
                rows.stream().collect(Collectors.groupingBy(SqlRun.Row::id, Collectors.counting()));
        assertThat(perId).as("distinct event ids").hasSize(FRAMES);
        assertThat(rows).as("rows (duplicates: %d)", rows.size() - perId.size()).hasSize(FRAMES);
        Map<Boolean, List<SqlRun.Row>> damaged =
                rows.stream()
                        .collect(
                                Collectors.partitioningBy(
                                        r -> sequence(r.id()) % DAMAGE_EVERY == DAMAGE_EVERY - 1));
        assertThat(damaged.get(true)).hasSize(FRAMES / DAMAGE_EVERY);
        assertThat(damaged.get(true))
                .allSatisfy(
                        r -> {
                            assertThat(r.label()).isNull();
                            assertThat(r.error()).startsWith("decode: corrupt or truncated PNG");
                        });
        assertThat(damaged.get(false))
                .allSatisfy(
                        r -> {
                            assertThat(r.label()).isIn(FashionMnist.CLASS_NAMES);
                            assertThat(r.error()).isNull();
                        });
        System.out.printf(
                "SQL FAULT | TaskManager terminated and replaced | %d | %d | %d | 0 | 0%n",
                FRAMES, damaged.get(false).size(), damaged.get(true).size());
    }

    /** The producer's sequence number of an event, the suffix of its id. */
    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    /** A frame source that truncates every {@code n}th image (a valid event, a bad image). */
    private static final class DamagedEvery implements FrameSource {
        private final FrameSource frames;
        private final int n;
        private long seen;

        DamagedEvery(FrameSource frames, int n) {
            this.frames = frames;
            this.n = n;
        }

        @Override
        public Optional<SourceFrame> next() throws IOException {
            Function<SourceFrame, SourceFrame> damage =
                    f ->
                            new SourceFrame(
                                    Arrays.copyOf(f.bytes(), f.bytes().length / 2),
                                    f.contentType(),
                                    f.label(),
                                    f.name());
            return frames.next().map(f -> seen++ % n == n - 1 ? damage.apply(f) : f);
        }

        @Override
        public void close() throws IOException {
            frames.close();
        }
    }
}
