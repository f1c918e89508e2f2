package io.frameflow.job.testutils;

import io.frameflow.job.kafka.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reading what a job committed to topics, for the ITCases ({@code TopicCreation} makes them). */
public final class Topics {

    private Topics() {}

    /** Turns a record value into what a test compares. */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(byte[] value) throws Exception;
    }

    /** Turns a whole record (value, key, timestamp) into what a test compares. */
    @FunctionalInterface
    public interface RecordReader<T> {
        T read(ConsumerRecord<byte[], byte[]> record) throws Exception;
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
        return readCommitted(bootstrap, topic, (ValueReader<T>) codec::decode, done, timeout);
    }

    /** As above, with any reader of the values (e.g. a registry-aware one). */
    public static <T> List<T> readCommitted(
            String bootstrap,
            String topic,
            ValueReader<T> reader,
            Predicate<List<T>> done,
            Duration timeout)
            throws Exception {
        return readCommittedRecords(bootstrap, topic, r -> reader.read(r.value()), done, timeout);
    }

    /**
     * As above, with a reader of whole records: for what a value does not carry, such as when the
     * sink wrote it (the record's timestamp).
     */
    public static <T> List<T> readCommittedRecords(
            String bootstrap,
            String topic,
            RecordReader<T> reader,
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
                    values.add(reader.read(r));
                }
            }
            // Anything committed late (a duplicate) shows up within a few more polls.
            for (int i = 0; i < 4; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(reader.read(r));
                }
            }
        }
        return values;
    }
}
