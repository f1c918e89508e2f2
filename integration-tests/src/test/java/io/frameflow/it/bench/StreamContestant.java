package io.frameflow.it.bench;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.produce.FolderFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.job.testutils.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Contestant 4, Frameflow {@code stream}: Kafka → decode → micro-batching classifier → Kafka,
 * exactly-once (checkpoints every second, transactional sink), on a MiniCluster in this JVM with a
 * real KRaft broker. Maximum throughput per batch size from a topic filled beforehand (first to
 * last prediction emitted); then latency, event time to prediction, at the given fractions of the
 * default batch size's maximum, the frames produced at that rate.
 */
public final class StreamContestant {

    private static final EventCodec<ImageEvent> EVENTS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);
    private static final EventCodec<Prediction> PREDICTIONS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class);

    /**
     * Cameras the frames are spread over. The producer keys records by camera, so one camera's
     * frames stay in order on one partition, and one camera would keep every subtask but one idle;
     * sixteen spread the frames over the partitions.
     */
    private static final int CAMERAS = 16;

    private StreamContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int frames = args.frameFiles().size();
        int defaultBatch = args.integer("default-batch", 16);
        double seconds = Double.parseDouble(args.get("seconds", "20"));
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            double defaultMax = 0;
            for (int batch : args.batches()) {
                // One failed measurement must not cost the others.
                try {
                    defaultMax =
                            Math.max(defaultMax, maxRun(broker, args, frames, batch, defaultBatch));
                } catch (Exception e) {
                    System.out.println("  measurement failed: batch " + batch + ": " + e);
                }
            }
            for (String fraction : args.get("loads", "50,90").split(",")) {
                if (defaultMax == 0) {
                    break;
                }
                double rate = defaultMax * Integer.parseInt(fraction) / 100.0;
                latencyRun(broker, args, fraction + "%", rate, seconds, defaultBatch).print();
            }
        }
    }

    /** Maximum throughput at one batch size; returns it when that is the default size, else 0. */
    private static double maxRun(
            LocalKafkaBroker broker, ContestantArgs args, int frames, int batch, int defaultBatch)
            throws Exception {
        Run run = new Run(broker.bootstrapServers(), "max-b" + batch, args);
        run.produce(frames, 0);
        ProcessUsage.Window usage = ProcessUsage.start();
        JobClient job = run.start(batch);
        List<Prediction> out = run.await(frames);
        usage.stop();
        job.cancel().get();
        long first = out.stream().mapToLong(Prediction::getEmitTime).min().orElse(0);
        long last = out.stream().mapToLong(Prediction::getEmitTime).max().orElse(1);
        double fps = (out.size() - 1) * 1000.0 / Math.max(1, last - first);
        Measurement.throughput(
                        args.workload(),
                        "frameflow-stream",
                        batch,
                        out.size(),
                        fps,
                        usage,
                        "exactly-once, parallelism " + args.parallelism())
                .print();
        return batch == defaultBatch ? fps : 0;
    }

    private static Measurement latencyRun(
            LocalKafkaBroker broker,
            ContestantArgs args,
            String load,
            double rate,
            double seconds,
            int batch)
            throws Exception {
        Run run = new Run(broker.bootstrapServers(), "load" + load.replace("%", ""), args);
        JobClient job = run.start(batch);
        int warmUp = 4 * batch;
        run.produce(warmUp, 0);
        run.await(warmUp);
        int frames = (int) Math.max(20, rate * seconds);
        ProcessUsage.Window usage = ProcessUsage.start();
        run.produce(frames, rate);
        List<Prediction> out = run.await(warmUp + frames);
        usage.stop();
        job.cancel().get();
        List<Long> latencies =
                out.stream()
                        .sorted(Comparator.comparingLong(Prediction::getEventTime))
                        .skip(warmUp)
                        .map(p -> p.getTimings().getEndToEndMillis())
                        .sorted()
                        .toList();
        // Where the time goes: the classifier's own share (waiting for its batch + inference).
        List<Long> inClassifier =
                out.stream()
                        .sorted(Comparator.comparingLong(Prediction::getEventTime))
                        .skip(warmUp)
                        .map(
                                p ->
                                        (p.getTimings().getQueueWaitMicros()
                                                        + p.getTimings().getInferenceMicros())
                                                / 1000)
                        .sorted()
                        .toList();
        // The benchmark draws the latency CDF from these.
        Files.write(
                Path.of(args.get("latency-dir"))
                        .resolve(
                                "latency-"
                                        + args.workload()
                                        + "-"
                                        + load.replace("%", "")
                                        + ".txt"),
                latencies.stream().map(String::valueOf).toList());
        return new Measurement(
                args.workload(),
                "frameflow-stream",
                load,
                batch,
                latencies.size(),
                rate,
                percentile(latencies, 0.50),
                percentile(latencies, 0.95),
                percentile(latencies, 0.99),
                usage.cores(),
                usage.peakRssMb(),
                String.format(
                        java.util.Locale.ROOT,
                        "offered %.1f frames/s for %.0f s; in the classifier (batch wait +"
                                + " inference) p50 %.0f ms, p99 %.0f ms",
                        rate,
                        seconds,
                        percentile(inClassifier, 0.50),
                        percentile(inClassifier, 0.99)));
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** One job with its own topics. */
    private static final class Run {
        private final String bootstrap;
        private final String prefix;
        private final ContestantArgs args;

        Run(String bootstrap, String prefix, ContestantArgs args) throws Exception {
            this.bootstrap = bootstrap;
            this.prefix = prefix;
            this.args = args;
            Topics.create(
                    bootstrap,
                    args.parallelism(),
                    prefix + "-frames",
                    prefix + "-predictions",
                    prefix + "-dlq");
        }

        JobClient start(int batch) throws Exception {
            Configuration conf = new Configuration();
            conf.set(FrameflowOptions.BOOTSTRAP_SERVERS, bootstrap);
            conf.set(FrameflowOptions.INPUT_TOPIC, prefix + "-frames");
            conf.set(FrameflowOptions.OUTPUT_TOPIC, prefix + "-predictions");
            conf.set(FrameflowOptions.DEAD_LETTER_TOPIC, prefix + "-dlq");
            conf.set(FrameflowOptions.GROUP_ID, prefix);
            conf.set(FrameflowOptions.TRANSACTIONAL_ID_PREFIX, prefix);
            conf.set(FrameflowOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
            conf.set(FrameflowOptions.MODEL, args.model());
            conf.set(FrameflowOptions.BATCH_SIZE, batch);
            FrameflowConfig config = FrameflowConfig.of(conf);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(args.parallelism());
            StreamEnvironment.configure(env, config);
            StreamPipeline.build(env, config, UnaryOperator.identity());
            return env.executeAsync("frameflow stream " + prefix);
        }

        /** Publishes {@code count} frames of the workload at {@code fps} (0: at once). */
        void produce(int count, double fps) throws Exception {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("linger.ms", fps == 0 ? "5" : "0");
            props.put("delivery.timeout.ms", "300000");
            props.put("max.block.ms", "300000");
            Path dir = args.framesDir();
            new FrameProducer(
                            props,
                            prefix + "-frames",
                            EVENTS,
                            new FrameProducer.Settings(CAMERAS, fps / CAMERAS, true, count, 0))
                    .run(() -> new FolderFrames(dir), new AtomicBoolean(), null);
        }

        List<Prediction> await(int count) throws Exception {
            List<Prediction> out =
                    Topics.readCommitted(
                            bootstrap,
                            prefix + "-predictions",
                            PREDICTIONS,
                            l -> l.size() >= count,
                            Duration.ofMinutes(5));
            if (out.size() < count) {
                throw new IllegalStateException(
                        prefix + ": " + out.size() + " of " + count + " predictions in 5 minutes");
            }
            return out;
        }
    }
}
