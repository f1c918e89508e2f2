package io.frameflow.job.model;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelStatus;
import io.frameflow.job.kafka.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Talks to a stream job's model control through Kafka: publishes descriptors to the control topic,
 * reads the status events its classify subtasks committed.
 */
public final class ModelControlClient {

    /**
     * The key of every descriptor: one key, so that on a control topic of several partitions the
     * descriptors still stay in one, in the order they were published.
     */
    static final String DESCRIPTOR_KEY = "frameflow-model-control";

    private final Properties kafka;

    /**
     * @param kafka Kafka client properties, bootstrap servers included
     */
    public ModelControlClient(Properties kafka) {
        this.kafka = kafka;
    }

    /** Publishes a descriptor (acks=all) and returns where it landed. */
    public RecordMetadata publish(
            String topic, EventCodec<ModelDescriptor> codec, ModelDescriptor descriptor)
            throws IOException, InterruptedException {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (var producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    DESCRIPTOR_KEY.getBytes(StandardCharsets.UTF_8),
                                    codec.encode(descriptor)))
                    .get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "Could not publish to " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * Every status event committed to a topic so far (read_committed, from the beginning to the end
     * offsets as they were when reading started); records that do not decode are skipped.
     */
    public List<ModelStatus> statuses(String topic, EventCodec<ModelStatus> codec, Duration timeout)
            throws IOException {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((k, v) -> props.put(String.valueOf(k), v));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<ModelStatus> statuses = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return statuses;
            }
            List<TopicPartition> partitions =
                    infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        statuses.add(codec.decode(r.value()));
                    } catch (IOException | RuntimeException e) {
                        // not a status event: someone else's record on the topic
                    }
                }
            }
        }
        return statuses;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
