package io.frameflow.it;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.job.testutils.StreamJobs;
import io.frameflow.job.testutils.Topics;
import io.frameflow.zoo.data.FashionMnist;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the streaming job against a broker, for the fault tests and the benchmark: its topics,
 * job, producer and the exact accounting of what came out.
 */
public final class StreamRun {

    static final EventCodec<ImageEvent> EVENTS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);

    /**
     * What came out of a run, counted against what went in.
     *
     * @param framesIn frames produced
     * @param predictions predictions read with read_committed
     * @param deadLetters dead letters read with read_committed
     * @param duplicated predictions beyond the first for an event id
     * @param lost frames with neither a prediction nor a dead letter
     * @param longestStallMillis the longest gap between consecutive predictions of one Kafka
     *     partition (the recovery time)
     * @param committed the predictions read
     */
    record Outcome(
            long framesIn,
            long predictions,
            long deadLetters,
            long duplicated,
            long lost,
            long longestStallMillis,
            List<Prediction> committed) {
        String row(String test) {
            return String.format(
                    "FAULT | %s | %d | %d | %d | %d | %d | %d ms",
                    test,
                    framesIn,
                    predictions - duplicated,
                    deadLetters,
                    lost,
                    duplicated,
                    longestStallMillis);
        }
    }

    final String bootstrap;
    final String prefix;

    StreamRun(String bootstrap, String prefix) throws Exception {
        this(bootstrap, prefix, 2);
    }

    /** Creates the run's topics, each with {@code partitions} partitions. */
    public StreamRun(String bootstrap, String prefix, int partitions) throws Exception {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        TopicCreation.create(
                bootstrap,
                partitions,
                prefix + "-frames",
                prefix + "-predictions",
                prefix + "-dlq");
    }

    /** The test job's settings on the run's topics ({@link StreamJobs}), quick restarts. */
    public Configuration configuration() {
        Configuration conf = StreamJobs.configuration(bootstrap, prefix);
        conf.set(FrameflowOptions.RESTART_DELAY, Duration.ofMillis(500));
        conf.set(FrameflowOptions.RESTART_ATTEMPTS, 30);
        return conf;
    }

    public JobClient start(
            Configuration conf, int parallelism, UnaryOperator<DataStream<ImageEvent>> hook)
            throws Exception {
        FrameflowConfig config = FrameflowConfig.of(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        StreamEnvironment.configure(env, config);
        StreamPipeline.build(env, config, hook);
        return env.executeAsync("stream-" + prefix);
    }

    /** Publishes {@code count} Fashion-MNIST frames at {@code fps} in total (0: at once). */
    void produce(int count, double fps) throws Exception {
        produce(count, fps, 4, () -> new FashionMnistFrames(FashionMnist.testSet()));
    }

    /**
     * Publishes {@code count} frames at {@code fps} in total (0: at once) as {@code cameras}
     * cameras. The producer keys records by camera, so each camera's frames stay on one partition,
     * in order.
     */
    public void produce(int count, double fps, int cameras, FrameProducer.SourceFactory frames)
            throws Exception {
        produce(bootstrap, prefix + "-frames", EVENTS, count, fps, cameras, frames);
    }

    /**
     * Publishes {@code count} frames (the source replayed as often as needed) to a topic in a wire
     * format, at {@code fps} in total (0: at once) as {@code cameras} cameras, the Kafka keys.
     */
    static void produce(
            String bootstrap,
            String topic,
            EventCodec<ImageEvent> codec,
            int count,
            double fps,
            int cameras,
            FrameProducer.SourceFactory frames)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("delivery.timeout.ms", "300000");
        props.put("max.block.ms", "300000");
        if (fps > 0) {
            props.put("linger.ms", "0"); // a paced frame goes out at once: latency runs time it
        }
        new FrameProducer(
                        props,
                        topic,
                        codec,
                        new FrameProducer.Settings(cameras, fps / cameras, true, count, 0))
                .run(frames, new AtomicBoolean(), null);
    }

    /** Waits until {@code count} predictions are committed; fails after {@code timeout}. */
    public List<Prediction> awaitPredictions(int count, Duration timeout) throws Exception {
        List<Prediction> out =
                Topics.readCommitted(
                        bootstrap,
                        prefix + "-predictions",
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                        l -> l.size() >= count,
                        timeout);
        if (out.size() < count) {
            throw new IllegalStateException(
                    prefix + ": " + out.size() + " of " + count + " predictions in " + timeout);
        }
        return out;
    }

    /** Reads everything committed until every frame is accounted for (or the timeout). */
    Outcome outcome(long framesIn, Duration timeout) throws Exception {
        List<DeadLetter> deadLetters =
                Topics.readCommitted(
                        bootstrap,
                        prefix + "-dlq",
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, DeadLetter.class),
                        l -> true,
                        Duration.ofSeconds(1));
        List<Prediction> predictions =
                Topics.readCommitted(
                        bootstrap,
                        prefix + "-predictions",
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                        list ->
                                list.stream().map(Prediction::getEventId).distinct().count()
                                                + deadLetters.size()
                                        >= framesIn,
                        timeout);
        Map<String, Long> perId =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getEventId, Collectors.counting()));
        long duplicated = predictions.size() - perId.size();
        long lost = framesIn - perId.size() - deadLetters.size();
        // Recovery shows as a gap in one partition's predictions (the others may go on).
        Map<String, List<Long>> emitsByPartition =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        p ->
                                                p.getAttributes()
                                                        .getOrDefault("frameflow.partition", "?"),
                                        Collectors.mapping(
                                                Prediction::getEmitTime, Collectors.toList())));
        long stall = 0;
        for (List<Long> emits : emitsByPartition.values()) {
            List<Long> sorted = emits.stream().sorted().toList();
            for (int i = 1; i < sorted.size(); i++) {
                stall = Math.max(stall, sorted.get(i) - sorted.get(i - 1));
            }
        }
        return new Outcome(
                framesIn,
                predictions.size(),
                deadLetters.size(),
                duplicated,
                lost,
                stall,
                predictions);
    }
}
