package io.frameflow.job.demo;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalFlinkCluster;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.produce.FrameSources;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Runs the whole system in this process: a Kafka broker (unless an external one is given), a Flink
 * MiniCluster with its web UI, the streaming job, the frame producer replaying cameras, and a live
 * view of the committed output. On stop it drains: the producer flushes, the demo waits until every
 * frame is a prediction or a dead letter, then stops the job, the cluster and the broker and
 * deletes the broker's data.
 */
public final class DemoRunner {

    private static final int PARALLELISM = 2;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final DemoSettings settings;
    private final PrintWriter out;

    public DemoRunner(DemoSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs until the duration passes or {@code stop} is set; returns the final figures. */
    public DemoStats run(AtomicBoolean stop) throws Exception {
        long started = System.nanoTime();
        LocalKafkaBroker broker =
                settings.bootstrapServers() == null ? LocalKafkaBroker.start() : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : settings.bootstrapServers();
        String tag = "frameflow-demo-" + Long.toString(System.currentTimeMillis(), 36);
        try (broker;
                LocalFlinkCluster cluster = LocalFlinkCluster.start(PARALLELISM)) {
            FrameflowConfig config = config(bootstrap, tag);
            createTopics(bootstrap, config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
            env.setParallelism(PARALLELISM);
            StreamEnvironment.configure(env, config);
            StreamPipeline.build(env, config);
            JobID job = cluster.submit(env, "Frameflow demo");
            String header =
                    String.format(
                            "Frameflow demo - Flink web UI %s - Kafka %s%s - topics %s, %s, %s",
                            cluster.webUi(),
                            bootstrap,
                            broker != null ? " (embedded)" : "",
                            config.get(INPUT_TOPIC),
                            config.get(OUTPUT_TOPIC),
                            config.get(DEAD_LETTER_TOPIC));
            out.println(header);
            out.flush();

            Properties kafka = config.kafkaProperties();
            FrameProducer producer =
                    new FrameProducer(
                            kafka,
                            config.get(INPUT_TOPIC),
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class),
                            new FrameProducer.Settings(
                                    settings.cameras(),
                                    settings.fpsPerCamera(),
                                    true,
                                    0,
                                    settings.corruptEvery()));
            AtomicBoolean stopProducer = new AtomicBoolean();
            Thread producing = producerThread(producer, stopProducer);
            LiveView view = new LiveView(out, settings.inPlace());
            DemoStats stats;
            try (OutputMonitor monitor =
                    new OutputMonitor(
                            bootstrap,
                            config.get(OUTPUT_TOPIC),
                            config.get(DEAD_LETTER_TOPIC),
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, DeadLetter.class),
                            producer::sentSoFar,
                            producer::damagedSoFar)) {
                producing.start();
                long refreshMillis = settings.inPlace() ? 1_000 : 5_000;
                long lastShown = 0;
                while (!stop.get() && !elapsed(started)) {
                    Thread.sleep(100);
                    if (System.nanoTime() - lastShown > refreshMillis * 1_000_000) {
                        lastShown = System.nanoTime();
                        view.show(monitor.snapshot(), header, seconds(started));
                    }
                }
                stopProducer.set(true);
                producing.join();
                stats = drain(monitor);
            }
            cluster.cancel(job);
            view.summary(stats, (System.nanoTime() - started) / 1e9);
            return stats;
        } finally {
            out.printf(
                    "stopped: Flink cluster%s%n",
                    broker == null ? "" : ", Kafka broker (data " + broker.dataDir() + " deleted)");
            out.flush();
        }
    }

    private FrameflowConfig config(String bootstrap, String tag) {
        Configuration conf = new Configuration();
        conf.set(BOOTSTRAP_SERVERS, bootstrap);
        conf.set(INPUT_TOPIC, tag + "-frames");
        conf.set(OUTPUT_TOPIC, tag + "-predictions");
        conf.set(DEAD_LETTER_TOPIC, tag + "-dlq");
        conf.set(GROUP_ID, tag);
        conf.set(TRANSACTIONAL_ID_PREFIX, tag);
        conf.set(CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(MODEL, settings.model());
        return FrameflowConfig.of(conf);
    }

    private static void createTopics(String bootstrap, FrameflowConfig config)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(config.get(INPUT_TOPIC), PARALLELISM, (short) 1),
                                    new NewTopic(config.get(OUTPUT_TOPIC), PARALLELISM, (short) 1),
                                    new NewTopic(
                                            config.get(DEAD_LETTER_TOPIC), PARALLELISM, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private Thread producerThread(FrameProducer producer, AtomicBoolean stop) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                producer.run(
                                        () -> FrameSources.open(settings.source()), stop, null);
                            } catch (Exception e) {
                                out.println("Producer failed: " + e.getMessage());
                                out.flush();
                            }
                        },
                        "frameflow-demo-producer");
        thread.setDaemon(true);
        return thread;
    }

    /** Waits until every frame produced is accounted for (or the timeout). */
    private static DemoStats drain(OutputMonitor monitor) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        DemoStats stats = monitor.snapshot();
        while (!stats.reconciled() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stats = monitor.snapshot();
        }
        return stats;
    }

    private boolean elapsed(long started) {
        return settings.duration() != null
                && System.nanoTime() - started > settings.duration().toNanos();
    }

    private static long seconds(long started) {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }
}
