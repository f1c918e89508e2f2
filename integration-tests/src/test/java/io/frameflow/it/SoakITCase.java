package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.deploy.ClusterLayout;
import io.frameflow.deploy.LocalCluster;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long run (profile {@code soak}, about 15 minutes): the streaming job on a standalone cluster
 * at 70% of the throughput measured first, with the TaskManager's resident memory sampled every 10
 * s (it must not grow more than 10% after warm-up: native leaks are a DJL hazard), no failed
 * checkpoint, and every minute's p99 latency within 2x the first minute's. Prints the samples.
 * {@code -Dsoak.minutes=N} changes the length.
 */
class SoakITCase {

    private static final EventCodec<Prediction> PREDICTIONS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class);

    @TempDir Path home;

    @Test
    void steadyMemoryNoFailedCheckpointAndStableLatency() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 15);
        Path lib = Path.of(System.getProperty("cluster.lib", "../deploy/target/cluster-lib"));
        Path jar =
                Path.of(
                        System.getProperty(
                                "job.jar", "../job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar"));
        LocalCluster cluster =
                new LocalCluster(new ClusterLayout(home, lib, ClusterLayout.Ports.free(), 1, 2));
        try {
            cluster.start();
            long tmPid = cluster.pids().get(cluster.pids().size() - 1);
            String bootstrap = "localhost:" + cluster.layout().ports().kafka();

            // 1. The maximum rate: a burst of 5 000 frames through a first job.
            StreamRun burst = new StreamRun(bootstrap, "max");
            String maxJob = cluster.submit(jar, args(bootstrap, burst.prefix));
            Thread.sleep(5_000);
            burst.produce(5_000, 0);
            StreamRun.Outcome measured = burst.outcome(5_000, Duration.ofMinutes(3));
            cluster.cancel(maxJob);
            double maxRate = maxRate(bootstrap, burst.prefix);
            double rate = 0.7 * maxRate;
            System.out.printf(
                    "SOAK max %.1f frames/s (%d predictions), soaking at %.1f frames/s for %d"
                            + " min%n",
                    maxRate, measured.predictions(), rate, minutes);

            // 2. The soak.
            StreamRun soak = new StreamRun(bootstrap, "soak");
            String job = cluster.submit(jar, args(bootstrap, soak.prefix));
            Thread.sleep(5_000);
            AtomicBoolean stop = new AtomicBoolean();
            Map<Long, List<Long>> latencyByMinute = new TreeMap<>();
            CompletableFuture<Void> reading =
                    CompletableFuture.runAsync(
                            () -> read(bootstrap, soak.prefix, stop, latencyByMinute));
            int frames = (int) (rate * 60 * minutes);
            CompletableFuture<Void> producing =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    soak.produce(frames, rate);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            List<Long> rss = new ArrayList<>();
            long start = System.nanoTime();
            while (!producing.isDone()) {
                long kb = residentKb(tmPid);
                rss.add(kb);
                System.out.printf(
                        "SOAK t=%4ds TaskManager RSS %,d kB%n",
                        (System.nanoTime() - start) / 1_000_000_000L, kb);
                Thread.sleep(10_000);
            }
            producing.get();
            Thread.sleep(10_000);
            stop.set(true);
            reading.get();
            long failedCheckpoints = failedCheckpoints(cluster, job);
            cluster.cancel(job);

            // 3. The verdict.
            int warmUp = Math.min(rss.size() - 1, 12); // two minutes of samples
            long afterWarmUp = rss.get(warmUp);
            long peak =
                    rss.subList(warmUp, rss.size()).stream()
                            .mapToLong(Long::longValue)
                            .max()
                            .orElse(afterWarmUp);
            List<Long> p99s = new ArrayList<>();
            latencyByMinute.forEach(
                    (minute, values) -> {
                        List<Long> sorted = values.stream().sorted().toList();
                        long p99 =
                                sorted.get(
                                        Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
                        p99s.add(p99);
                        System.out.printf(
                                "SOAK minute %d: %d predictions, p50 %d ms, p99 %d ms%n",
                                p99s.size(), sorted.size(), sorted.get(sorted.size() / 2), p99);
                    });
            System.out.printf(
                    "SOAK RSS after warm-up %,d kB, peak after %,d kB (+%.1f%%); failed checkpoints"
                            + " %d%n",
                    afterWarmUp,
                    peak,
                    100.0 * (peak - afterWarmUp) / afterWarmUp,
                    failedCheckpoints);
            assertThat(peak)
                    .as("TaskManager RSS after warm-up")
                    .isLessThanOrEqualTo((long) (afterWarmUp * 1.10));
            assertThat(failedCheckpoints).as("failed checkpoints").isZero();
            // Full minutes only: the last one is partial.
            List<Long> full = p99s.subList(0, Math.max(1, p99s.size() - 1));
            assertThat(full)
                    .allSatisfy(
                            p -> assertThat(p).isLessThanOrEqualTo(2 * Math.max(full.get(0), 1)));
        } finally {
            cluster.stop();
        }
    }

    private static List<String> args(String bootstrap, String prefix) {
        return List.of(
                "stream",
                "--bootstrap-servers",
                bootstrap,
                "--input-topic",
                prefix + "-frames",
                "--output-topic",
                prefix + "-predictions",
                "--dead-letter-topic",
                prefix + "-dlq",
                "--group-id",
                prefix,
                "--transactional-id-prefix",
                prefix,
                "--checkpoint-interval",
                "5s");
    }

    /** Frames per second from the first to the last prediction of the burst. */
    private static double maxRate(String bootstrap, String prefix) {
        List<Long> emits = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Long, List<Long>> ignored = new TreeMap<>();
        CompletableFuture<Void> reading =
                CompletableFuture.runAsync(() -> read(bootstrap, prefix, stop, ignored, emits));
        try {
            Thread.sleep(8_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.set(true);
        reading.join();
        long first = emits.stream().mapToLong(Long::longValue).min().orElse(0);
        long last = emits.stream().mapToLong(Long::longValue).max().orElse(1);
        return emits.size() * 1000.0 / Math.max(1, last - first);
    }

    private static void read(
            String bootstrap, String prefix, AtomicBoolean stop, Map<Long, List<Long>> byMinute) {
        read(bootstrap, prefix, stop, byMinute, new ArrayList<>());
    }

    private static void read(
            String bootstrap,
            String prefix,
            AtomicBoolean stop,
            Map<Long, List<Long>> byMinute,
            List<Long> emits) {
        Map<String, Object> props =
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        "soak-reader-" + prefix,
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed");
        long firstEvent = -1;
        try (var consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(prefix + "-predictions"));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Prediction p = PREDICTIONS.decode(r.value());
                    if (firstEvent < 0) {
                        firstEvent = p.getEventTime();
                    }
                    byMinute.computeIfAbsent(
                                    (p.getEventTime() - firstEvent) / 60_000,
                                    m -> new ArrayList<>())
                            .add(p.getTimings().getEndToEndMillis());
                    emits.add(p.getEmitTime());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long failedCheckpoints(LocalCluster cluster, String job) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection)
                        URI.create(
                                        "http://localhost:"
                                                + cluster.layout().ports().rest()
                                                + "/jobs/"
                                                + job
                                                + "/checkpoints")
                                .toURL()
                                .openConnection();
        String json;
        try (var in = c.getInputStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }
}
