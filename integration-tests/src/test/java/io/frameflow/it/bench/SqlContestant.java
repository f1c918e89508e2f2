package io.frameflow.it.bench;

import io.frameflow.it.SqlRun;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.produce.FolderFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Frameflow in Flink SQL: the README's Kafka script, a Kafka table of plain-Avro {@code
 * ImageEvent}s → {@code ML_PREDICT} with the frameflow provider → a Kafka table, exactly-once
 * (checkpoints every second), on a MiniCluster in this JVM with a real KRaft broker, the same
 * frames and model as the {@code stream} contestant. Maximum throughput per batch size from a topic
 * filled beforehand, first to last prediction written (the sink's Kafka record timestamps).
 */
public final class SqlContestant {

    /** Cameras the frames are spread over (Kafka keys), as the stream contestant. */
    private static final int CAMERAS = 16;

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private SqlContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int frames = args.frameFiles().size();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            // Unmeasured jobs first, as the stream contestant runs them; they also set how many
            // frames the measured jobs drain.
            int drainFrames =
                    args.warmUp(
                            frames,
                            (count, name) ->
                                    maxRun(
                                                    broker,
                                                    args,
                                                    count,
                                                    args.integer("default-batch", 16),
                                                    "sql-" + name)
                                            .framesPerSecond());
            for (int batch : args.batches()) {
                // One failed measurement must not cost the others.
                try {
                    maxRun(broker, args, drainFrames, batch, "sql-max-b" + batch).print();
                } catch (Exception e) {
                    System.out.println("  measurement failed: batch " + batch + ": " + e);
                }
            }
        }
    }

    /** Maximum throughput at one batch size, from a topic filled before the job starts. */
    private static Measurement maxRun(
            LocalKafkaBroker broker, ContestantArgs args, int frames, int batch, String prefix)
            throws Exception {
        SqlRun run = new SqlRun(broker.bootstrapServers(), prefix, args.parallelism());
        run.produce(frames, 0, CAMERAS, () -> new FolderFrames(args.framesDir()));
        // Rows in flight per subtask: room for one batch to fill while another is classified.
        int inFlight = Math.max(64, 4 * batch);
        String script =
                run.script(
                        Map.of(
                                "'model' = 'bundled'", "'model' = '" + args.model() + "'",
                                "'batch-size' = '16'", "'batch-size' = '" + batch + "'",
                                "MAP['max-concurrent-operations', '64']",
                                        "MAP['max-concurrent-operations', '" + inFlight + "']"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(args.parallelism());
        ProcessUsage.Window usage = ProcessUsage.startSampled();
        JobClient job = run.start(env, script);
        List<SqlRun.Row> out = run.awaitPredictions(frames, TIMEOUT);
        usage.stop();
        job.cancel().get();
        long first = out.stream().mapToLong(SqlRun.Row::timestamp).min().orElse(0);
        long last = out.stream().mapToLong(SqlRun.Row::timestamp).max().orElse(1);
        usage.narrowTo(first, last); // CPU over the interval the frames/s covers
        double fps = (out.size() - 1) * 1000.0 / Math.max(1, last - first);
        return Measurement.throughput(
                args.workload(),
                BenchmarkReport.SQL,
                batch,
                out.size(),
                fps,
                usage,
                "ML_PREDICT, exactly-once, parallelism "
                        + args.parallelism()
                        + ", "
                        + inFlight
                        + " rows in flight");
    }
}
