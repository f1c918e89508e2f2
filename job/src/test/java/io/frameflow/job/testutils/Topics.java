package io.frameflow.job.testutils;

import io.frameflow.job.kafka.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creating topics and reading what a job committed to them, for the ITCases. */
public final class Topics {

    private Topics() {}

    public static void create(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> newTopics = new ArrayList<>();
            Map<TopicPartition, OffsetSpec> everyPartition = new HashMap<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
                for (int p = 0; p < partitions; p++) {
                    everyPartition.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            admin.createTopics(newTopics).all().get();
            awaitLeaders(admin, everyPartition);
        }
    }

    /**
     * Waits until the broker leads every partition: the controller answers a creation before the
     * broker has opened the partitions, and an idempotent producer whose first batch meets a
     * partition not open yet resends it behind later ones, which the broker then refuses as out of
     * sequence for as long as the producer lives (seen as a stalled benchmark producer). Listing
     * offsets is answered by the partition's leader, so its success means it is open.
     */
    private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "no leader for " + partitions.keySet() + " after 30 s", e);
                }
                Thread.sleep(50);
            }
        }
    }

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
