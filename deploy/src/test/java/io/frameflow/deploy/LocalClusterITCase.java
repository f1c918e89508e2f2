package io.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.testutils.ReadmeSql;
import io.frameflow.job.testutils.SqlFrames;
import io.frameflow.zoo.data.FashionMnist;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone session cluster (1 JobManager, 2 TaskManagers, each its own JVM) and a Kafka
 * broker, started from the Maven-resolved jars; the shaded job jar submitted with Flink's own
 * client, cancelled, and submitted again to the same cluster (the class-loading test: DJL's JNI
 * library is loaded once per TaskManager JVM), with the Prometheus endpoint scraped meanwhile; then
 * a Flink SQL script with the frameflow model provider, through {@code flink run ... sql}.
 */
class LocalClusterITCase {

    private static final int FRAMES = 2_000;
    private static final EventCodec<Prediction> PREDICTIONS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class);

    @TempDir Path home;

    @Test
    void streamsOnARealClusterResubmitsToItExportsMetricsAndRunsSql() throws Exception {
        Path lib = Path.of(System.getProperty("cluster.lib", "target/cluster-lib"));
        Path jar =
                Path.of(
                        System.getProperty(
                                "job.jar", "../job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar"));
        assertThat(lib).as("cluster jars, made by `package` of the deploy module").isDirectory();
        assertThat(jar)
                .as("the shaded job jar, made by `package` of the job module")
                .isRegularFile();
        ClusterLayout layout = new ClusterLayout(home, lib, ClusterLayout.Ports.free(), 2, 2);
        LocalCluster cluster = new LocalCluster(layout);
        List<Long> pids = new ArrayList<>();
        try {
            cluster.start();
            pids.addAll(cluster.pids());
            assertThat(pids).hasSize(4);
            String bootstrap = "localhost:" + layout.ports().kafka();

            for (int round = 1; round <= 2; round++) {
                String topic = "round" + round;
                String job =
                        cluster.submit(
                                jar,
                                List.of(
                                        "stream",
                                        "--bootstrap-servers",
                                        bootstrap,
                                        "--input-topic",
                                        topic + "-frames",
                                        "--output-topic",
                                        topic + "-predictions",
                                        "--dead-letter-topic",
                                        topic + "-dlq",
                                        "--group-id",
                                        topic,
                                        "--transactional-id-prefix",
                                        topic,
                                        "--checkpoint-interval",
                                        "2s"));
                produce(bootstrap, topic + "-frames");
                Set<String> ids =
                        readCommitted(
                                bootstrap, topic + "-predictions", FRAMES, Duration.ofMinutes(4));
                assertThat(ids).as("round %d predictions, one per frame", round).hasSize(FRAMES);
                assertThat(cluster.jobState(job)).isEqualTo("RUNNING");
                if (round == 1) {
                    assertThat(
                                    scrape(
                                            layout.ports().prometheusFrom(),
                                            "flink_taskmanager_job_task_operator_framesClassified"))
                            .as("framesClassified on a TaskManager's Prometheus endpoint")
                            .isPositive();
                    assertThat(
                                    scrape(
                                            layout.ports().prometheusFrom(),
                                            "flink_taskmanager_job_task_operator_batchInferenceMillis_count"))
                            .isPositive();
                    // The per-stage dead-letter counters, as the Grafana dashboard queries them.
                    assertThat(scrapeText(layout.ports().prometheusFrom()))
                            .containsPattern(
                                    "flink_taskmanager_job_task_operator_stage_deadLetters\\{[^}]*stage=\"decode\"");
                }
                cluster.cancel(job);
            }
            runsTheReadmeSqlExampleWithFlinkRun(cluster, jar);
            for (Path log :
                    List.of(
                            home.resolve("log/taskmanager-1.log"),
                            home.resolve("log/taskmanager-2.log"))) {
                assertThat(Files.readString(log)).doesNotContain("UnsatisfiedLinkError");
            }
        } finally {
            cluster.stop();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d is gone", pid)
                    .isFalse();
        }
    }

    /**
     * {@code flink run <job jar> sql -f script.sql}, attached: the README's first Flink SQL example
     * over a view of PNGs; the client prints the query's rows, classified on the TaskManagers by
     * the provider from the job jar with the planner from the cluster's lib/.
     */
    private void runsTheReadmeSqlExampleWithFlinkRun(LocalCluster cluster, Path jar)
            throws Exception {
        int images = 4;
        Path script =
                Files.writeString(
                        home.resolve("example.sql"), SqlFrames.view(images) + ReadmeSql.block(0));
        String out =
                cluster.flink(
                        List.of(
                                "run",
                                "-m",
                                "localhost:" + cluster.layout().ports().rest(),
                                jar.toString(),
                                "sql",
                                "-f",
                                script.toString()));
        for (int i = 0; i < images; i++) {
            String camera = "cam-" + i;
            String label = SqlFrames.label(i);
            assertThat(out.lines())
                    .as(out)
                    .anySatisfy(row -> assertThat(row).contains(camera, label));
        }
    }

    private static void produce(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        new FrameProducer(
                        props,
                        topic,
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class),
                        new FrameProducer.Settings(4, 0, false, FRAMES, 0))
                .run(
                        () -> new FashionMnistFrames(FashionMnist.testSet()),
                        new AtomicBoolean(),
                        null);
    }

    private static Set<String> readCommitted(
            String bootstrap, String topic, int expected, Duration timeout) throws Exception {
        Map<String, Object> props =
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        "reader-" + topic,
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed");
        Set<String> ids = new HashSet<>();
        long records = 0;
        try (var consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(PREDICTIONS.decode(r.value()).getEventId());
                    records++;
                }
            }
        }
        assertThat(records)
                .as("records in %s (duplicates would exceed the ids)", topic)
                .isEqualTo(ids.size());
        return ids;
    }

    /** The sum of a metric over the Prometheus endpoints of the cluster's processes. */
    private static double scrape(int base, String metric) {
        double sum = 0;
        Pattern line =
                Pattern.compile(
                        "^" + Pattern.quote(metric) + "\\{[^}]*} ([0-9.eE+-]+)$",
                        Pattern.MULTILINE);
        Matcher m = line.matcher(scrapeText(base));
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Everything the Prometheus endpoints of the cluster's processes serve. */
    private static String scrapeText(int base) {
        StringBuilder all = new StringBuilder();
        for (int port = base; port <= base + 10; port++) {
            try {
                HttpURLConnection c =
                        (HttpURLConnection)
                                URI.create("http://localhost:" + port + "/metrics")
                                        .toURL()
                                        .openConnection();
                c.setConnectTimeout(500);
                try (var in = c.getInputStream()) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // No reporter on this port.
            }
        }
        return all.toString();
    }
}
