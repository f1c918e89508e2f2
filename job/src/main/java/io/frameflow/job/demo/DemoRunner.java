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
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.produce.FrameSources;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.job.view.LiveView;
import io.frameflow.job.view.ViewConfig;
import io.frameflow.job.view.ViewOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the whole system in this process: a Kafka broker (unless an external one is given), a Flink
 * MiniCluster with its web UI, the streaming job, the live web view, the frame producer replaying
 * cameras, and a terminal view of the committed output. The producer starts once every task of the
 * job is RUNNING (the classifier warmed up), so that the first frames do not queue behind the job's
 * start; latency is reported for the steady state and the start-up window apart. On stop it drains:
 * the producer flushes, the demo waits until every frame is a prediction or a dead letter, then
 * stops the job, the view, the cluster and the broker and deletes the broker's data.
 */
public final class DemoRunner {

    private static final int PARALLELISM = 2;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(3);

    /** Frames produced this long after producing began count as start-up, not steady state. */
    static final Duration STARTUP_WINDOW = Duration.ofSeconds(10);

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
            try (LiveView web = LiveView.start(config, viewConfig(), true)) {
                String header =
                        String.format(
                                "Frameflow demo - Flink web UI %s - live view %s - Kafka %s%s -"
                                        + " topics %s, %s, %s",
                                cluster.webUi(),
                                web.address(),
                                bootstrap,
                                broker != null ? " (embedded)" : "",
                                config.get(INPUT_TOPIC),
                                config.get(OUTPUT_TOPIC),
                                config.get(DEAD_LETTER_TOPIC));
                out.println(header);
                out.flush();
                DemoStats stats = produceAndWatch(cluster, job, config, bootstrap, header, stop);
                cluster.cancel(job);
                new TerminalView(out, settings.inPlace())
                        .summary(stats, (System.nanoTime() - started) / 1e9);
                return stats;
            }
        } finally {
            out.printf(
                    "stopped: Flink cluster, live view%s%n",
                    broker == null ? "" : ", Kafka broker (data " + broker.dataDir() + " deleted)");
            out.flush();
        }
    }

    /**
     * Waits for the job to run, then produces frames and shows what comes out until the duration
     * passes or {@code stop} is set; drains and returns the final figures.
     */
    private DemoStats produceAndWatch(
            LocalFlinkCluster cluster,
            JobID job,
            FrameflowConfig config,
            String bootstrap,
            String header,
            AtomicBoolean stop)
            throws Exception {
        long submitted = System.nanoTime();
        int tasks = cluster.awaitRunning(job, RUNNING_TIMEOUT);
        out.printf(
                Locale.ROOT,
                "job running: all %d tasks RUNNING (classifier warmed up) %.1f s after"
                        + " submission; producing now%n",
                tasks,
                (System.nanoTime() - submitted) / 1e9);
        out.flush();
        FrameProducer producer =
                new FrameProducer(
                        config.kafkaProperties(),
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
        TerminalView view = new TerminalView(out, settings.inPlace());
        try (OutputMonitor monitor =
                new OutputMonitor(
                        bootstrap,
                        config.get(OUTPUT_TOPIC),
                        config.get(DEAD_LETTER_TOPIC),
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, DeadLetter.class),
                        producer::sentSoFar,
                        producer::damagedSoFar)) {
            long producingSince = System.nanoTime();
            monitor.producingStarted(System.currentTimeMillis(), STARTUP_WINDOW);
            producing.start();
            long refreshMillis = settings.inPlace() ? 1_000 : 5_000;
            long lastShown = 0;
            while (!stop.get() && !elapsed(producingSince)) {
                Thread.sleep(100);
                if (System.nanoTime() - lastShown > refreshMillis * 1_000_000) {
                    lastShown = System.nanoTime();
                    view.show(monitor.snapshot(), header, seconds(producingSince));
                }
            }
            stopProducer.set(true);
            producing.join();
            return drain(monitor);
        }
    }

    private static ViewConfig viewConfig() {
        Configuration view = new Configuration();
        view.set(ViewOptions.FROM_BEGINNING, true); // the demo's topics are new: show them all
        return ViewConfig.of(view);
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
        TopicCreation.create(
                bootstrap,
                PARALLELISM,
                config.get(INPUT_TOPIC),
                config.get(OUTPUT_TOPIC),
                config.get(DEAD_LETTER_TOPIC));
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
