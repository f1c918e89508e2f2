package io.frameflow.it;

import com.google.gson.Gson;
import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.sql.SqlScript;
import io.frameflow.job.sql.SqlScriptRunner;
import io.frameflow.job.testutils.ReadmeSql;
import io.frameflow.job.testutils.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * One run of the README's Kafka SQL script ({@code INSERT INTO predictions SELECT ... FROM
 * ML_PREDICT(...)}) against a broker, for the SQL ITCase and the benchmark: its topics, the script
 * with this run's names, the producer of plain-Avro {@code ImageEvent}s, and the committed
 * predictions read back.
 */
public final class SqlRun {

    /** The README's Kafka script is its second {@code sql} block in "Flink SQL". */
    private static final int README_BLOCK = 1;

    private static final EventCodec<ImageEvent> EVENTS =
            EventCodec.of(WireFormat.AVRO_BINARY, ImageEvent.class);

    private static final Gson GSON = new Gson();

    /**
     * One row of the predictions table, as the JSON sink wrote it.
     *
     * @param id the event id
     * @param camera the event's source id
     * @param label the top label, null when the image could not be classified
     * @param probability its probability
     * @param error why the image could not be classified, null when it was
     * @param timestamp when the sink wrote it (the Kafka record's timestamp)
     */
    public record Row(
            String id,
            String camera,
            String label,
            Float probability,
            String error,
            long timestamp) {}

    private final String bootstrap;
    private final String prefix;

    /** Creates the run's topics, each with {@code partitions} partitions. */
    public SqlRun(String bootstrap, String prefix, int partitions) throws Exception {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        TopicCreation.create(bootstrap, partitions, prefix + "-frames", prefix + "-predictions");
    }

    /**
     * The README's script with this run's broker, topics, consumer group and transactional ids,
     * checkpoints every second, and the given replacements of its text (e.g. another batch size).
     */
    public String script(Map<String, String> replacements) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("'localhost:9092'", "'" + bootstrap + "'");
        all.put("'topic' = 'frames'", "'topic' = '" + prefix + "-frames'");
        all.put("'topic' = 'sql-predictions'", "'topic' = '" + prefix + "-predictions'");
        all.put(
                "'properties.group.id' = 'frameflow-sql'",
                "'properties.group.id' = '" + prefix + "'");
        all.put(
                "'sink.transactional-id-prefix' = 'frameflow-sql'",
                "'sink.transactional-id-prefix' = '" + prefix + "'");
        all.put(
                "'execution.checkpointing.interval' = '10 s'",
                "'execution.checkpointing.interval' = '1 s'");
        all.putAll(replacements);
        String script = ReadmeSql.block(README_BLOCK);
        for (Map.Entry<String, String> replacement : all.entrySet()) {
            if (!script.contains(replacement.getKey())) {
                throw new IllegalStateException(
                        "the README's Kafka SQL script no longer contains " + replacement.getKey());
            }
            script = script.replace(replacement.getKey(), replacement.getValue());
        }
        return script;
    }

    /** Runs the script's statements on an environment; returns the job of its INSERT. */
    public JobClient start(StreamExecutionEnvironment env, String script) throws Exception {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        return new SqlScriptRunner(tables)
                .run(SqlScript.parse(script), false).stream()
                        .reduce((first, second) -> second)
                        .flatMap(result -> result.getJobClient())
                        .orElseThrow(() -> new IllegalStateException("the script runs no job"));
    }

    /**
     * Publishes {@code count} frames as plain Avro binary (the {@code avro} format's encoding) at
     * {@code fps} in total (0: at once) as {@code cameras} cameras.
     */
    public void produce(int count, double fps, int cameras, FrameProducer.SourceFactory frames)
            throws Exception {
        StreamRun.produce(bootstrap, prefix + "-frames", EVENTS, count, fps, cameras, frames);
    }

    /** Reads committed predictions until {@code done} holds, or the timeout. */
    public List<Row> committed(java.util.function.Predicate<List<Row>> done, Duration timeout)
            throws Exception {
        return Topics.readCommittedRecords(
                bootstrap,
                prefix + "-predictions",
                record -> {
                    Row json =
                            GSON.fromJson(
                                    new String(record.value(), StandardCharsets.UTF_8), Row.class);
                    return new Row(
                            json.id(),
                            json.camera(),
                            json.label(),
                            json.probability(),
                            json.error(),
                            record.timestamp());
                },
                done,
                timeout);
    }

    /** Waits until {@code count} predictions are committed; fails after {@code timeout}. */
    public List<Row> awaitPredictions(int count, Duration timeout) throws Exception {
        List<Row> out = committed(rows -> rows.size() >= count, timeout);
        if (out.size() < count) {
            throw new IllegalStateException(
                    prefix + ": " + out.size() + " of " + count + " predictions in " + timeout);
        }
        return out;
    }
}
