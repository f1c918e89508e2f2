package io.frameflow.job.demo;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.Prediction;
import io.frameflow.job.kafka.EventCodec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed predictions and dead letters (read_committed, as any downstream consumer of
 * an exactly-once job must) on its own thread and keeps the figures the live view shows.
 */
final class OutputMonitor implements AutoCloseable {

    private static final int RECENT = 8;
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;

    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongSupplier produced;
    private final LongSupplier damaged;

    private long predictions;
    private long labelled;
    private long correct;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final LatencyWindows latencies = new LatencyWindows();
    private final Deque<Long> arrivals = new ArrayDeque<>();
    private final Deque<Integer> batchSizes = new ArrayDeque<>();
    private final Deque<DemoStats.RecentPrediction> recent = new ArrayDeque<>();
    private volatile Exception failure;

    OutputMonitor(
            String bootstrap,
            String predictionsTopic,
            String deadLetterTopic,
            EventCodec<Prediction> predictionCodec,
            EventCodec<DeadLetter> deadLetterCodec,
            LongSupplier produced,
            LongSupplier damaged) {
        this.produced = produced;
        this.damaged = damaged;
        Map<String, Object> props =
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        "frameflow-demo-monitor-" + System.nanoTime(),
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed");
        this.thread =
                new Thread(
                        () -> {
                            try (var consumer =
                                    new KafkaConsumer<>(
                                            props,
                                            new ByteArrayDeserializer(),
                                            new ByteArrayDeserializer())) {
                                consumer.subscribe(List.of(predictionsTopic, deadLetterTopic));
                                while (!stop.get()) {
                                    for (ConsumerRecord<byte[], byte[]> r :
                                            consumer.poll(Duration.ofMillis(200))) {
                                        if (r.topic().equals(predictionsTopic)) {
                                            onPrediction(predictionCodec.decode(r.value()));
                                        } else {
                                            onDeadLetter(deadLetterCodec.decode(r.value()));
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                failure = e;
                            }
                        },
                        "frameflow-demo-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void onPrediction(Prediction p) {
        latencies.add(p.getEventTime(), p.getTimings().getEndToEndMillis());
        predictions++;
        String predicted = p.getTopK().get(0).getLabel();
        if (p.getGroundTruth() != null) {
            labelled++;
            if (predicted.equals(p.getGroundTruth())) {
                correct++;
            }
        }
        arrivals.addLast(System.nanoTime());
        batchSizes.addLast(p.getTimings().getBatchSize());
        if (batchSizes.size() > 200) {
            batchSizes.removeFirst();
        }
        recent.addFirst(
                new DemoStats.RecentPrediction(
                        p.getSourceId(),
                        p.getGroundTruth() == null ? "?" : p.getGroundTruth(),
                        predicted,
                        p.getTopK().get(0).getProbability()));
        if (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /** Producing began now: frames of the next {@code window} count as start-up. */
    synchronized void producingStarted(long epochMillis, Duration window) {
        latencies.producingStarted(epochMillis, window);
    }

    private synchronized void onDeadLetter(DeadLetter d) {
        deadLetters.merge(d.getStage().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }

    /** The figures now. */
    synchronized DemoStats snapshot() {
        if (failure != null) {
            throw new IllegalStateException(
                    "Reading the demo's output failed: " + failure, failure);
        }
        long now = System.nanoTime();
        while (!arrivals.isEmpty() && now - arrivals.peekFirst() > RATE_WINDOW_NANOS) {
            arrivals.removeFirst();
        }
        return new DemoStats(
                produced.getAsLong(),
                damaged.getAsLong(),
                predictions,
                Map.copyOf(deadLetters),
                labelled,
                correct,
                arrivals.size() / (RATE_WINDOW_NANOS / 1e9),
                latencies.steady(),
                latencies.startup(),
                latencies.startupWindow(),
                batchSizes.stream().mapToInt(Integer::intValue).average().orElse(0),
                List.copyOf(recent));
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
