package io.frameflow.job.testutils;

import io.frameflow.job.kafka.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creating topics and reading what a job committed to them, for the ITCases. */
public final class Topics {

    private Topics() {}

    public static void create(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Turns one consumed record into a value, or fails with why it cannot. */
    @FunctionalInterface
    public interface RecordDecoder<T> {
        T decode(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    /**
     * Reads a topic with {@code isolation.level=read_committed} from the beginning until {@code
     * done} holds for what was read, or the timeout passes; returns everything read.
     */
    public static <T extends SpecificRecord> List<T> readCommitted(
            String bootstrap,
            String topic,
            EventCodec<T> codec,
            Predicate<List<T>> done,
            Duration timeout)
            throws Exception {
        return readCommitted(bootstrap, topic, r -> codec.decode(r.value()), done, timeout);
    }

    /**
     * As {@link #readCommitted(String, String, EventCodec, Predicate, Duration)}, for values in any
     * format: {@code decoder} sees the whole record (value, key, timestamp).
     */
    public static <T> List<T> readCommitted(
            String bootstrap,
            String topic,
            RecordDecoder<T> decoder,
            Predicate<List<T>> done,
            Duration timeout)
            throws Exception {
        Map<String, Object> props =
                Map.of(
                        "bootstrap.servers", bootstrap,
                        "group.id", "reader-" + topic + "-" + System.nanoTime(),
                        "auto.offset.reset", "earliest",
                        "enable.auto.commit", "false",
                        "isolation.level", "read_committed");
        List<T> values = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(values) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(decoder.decode(r));
                }
            }
            // Anything committed late (a duplicate) shows up within a few more polls.
            for (int i = 0; i < 4; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(decoder.decode(r));
                }
            }
        }
        return values;
    }
}
