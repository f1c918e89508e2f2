package io.frameflow.job.view;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.kafka.registry.SchemaRegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the frames, predictions and dead-letter topics on one thread into the {@link ViewState},
 * with {@code isolation.level=read_committed}: an exactly-once job's output is only final once its
 * transaction commits. Partitions are assigned, not subscribed (no consumer group, nothing
 * committed), and looked up again every few seconds so that topics created or grown later are
 * picked up. An unreachable broker or a missing topic is a status on the page, not an error.
 */
final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final long REFRESH_NANOS = 5_000_000_000L;

    /** The topics read; {@code frames} may be null (no thumbnails then). */
    record Topics(String predictions, String frames, String deadLetters) {
        List<String> all() {
            return frames == null
                    ? List.of(predictions, deadLetters)
                    : List.of(predictions, frames, deadLetters);
        }
    }

    /** The wire formats of the three topics. */
    record Codecs(
            EventCodec<Prediction> predictions,
            EventCodec<ImageEvent> frames,
            EventCodec<DeadLetter> deadLetters) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Codecs codecs;
    private final ViewState state;
    private final String bootstrap;
    private final Thread thread;
    private volatile boolean stopped;

    TopicReader(
            Properties kafka,
            Topics topics,
            Codecs codecs,
            boolean fromBeginning,
            ViewState state) {
        this.topics = topics;
        this.codecs = codecs;
        this.state = state;
        this.bootstrap = kafka.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "frameflow-view");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "frameflow-view-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        long lastLookup = 0;
        try {
            while (!stopped) {
                if (assigned.isEmpty() || System.nanoTime() - lastLookup > REFRESH_NANOS) {
                    lastLookup = System.nanoTime();
                    Set<TopicPartition> partitions = lookUpPartitions();
                    if (partitions == null) {
                        continue; // status says why; looked up again after the pause
                    }
                    if (!partitions.equals(assigned)) {
                        consumer.assign(partitions); // kept partitions keep their positions
                        assigned = partitions;
                    }
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(500);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    dispatch(r);
                }
                state.expire(System.nanoTime());
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            state.status("stopped reading Kafka: " + e);
        }
    }

    /** The partitions of the topics that exist, or null when the broker did not answer. */
    private Set<TopicPartition> lookUpPartitions() throws InterruptedException {
        Set<TopicPartition> partitions = new HashSet<>();
        StringBuilder missing = new StringBuilder();
        try {
            for (String topic : topics.all()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    missing.append(missing.length() == 0 ? "" : ", ").append(topic);
                } else {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            state.status("waiting for Kafka at " + bootstrap + ": no answer yet");
            Thread.sleep(1_000);
            return null;
        }
        state.status(
                missing.length() == 0
                        ? "reading " + bootstrap
                        : "reading " + bootstrap + "; waiting for topics " + missing);
        return partitions;
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.value() == null) {
                state.unreadable();
            } else if (r.topic().equals(topics.predictions())) {
                state.prediction(
                        codecs.predictions().decode(r.value()),
                        System.currentTimeMillis(),
                        System.nanoTime());
            } else if (r.topic().equals(topics.deadLetters())) {
                state.deadLetter(
                        codecs.deadLetters().decode(r.value()), System.currentTimeMillis());
            } else {
                state.frame(codecs.frames().decode(r.value()), System.nanoTime());
            }
        } catch (SchemaRegistryException e) {
            // The record may well be valid; the registry did not answer. Say so, not "unreadable".
            state.status("schema registry: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Not a valid record of its topic: the job dead-letters such frames itself.
            state.unreadable();
        }
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
