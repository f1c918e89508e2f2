package io.frameflow.job.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to one topic, keyed by a field (the camera id for predictions), so that a
 * camera's records stay in one partition and in order.
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Extracts a record's Kafka key; null for none. */
    public interface KeyExtractor<T> extends Function, java.io.Serializable {
        String keyOf(T value);
    }

    private final String topic;
    private final EventCodec<T> codec;
    private final KeyExtractor<T> key;

    public AvroRecordSerializer(String topic, EventCodec<T> codec, KeyExtractor<T> key) {
        this.topic = topic;
        this.codec = codec;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        try {
            String k = key.keyOf(element);
            return new ProducerRecord<>(
                    topic,
                    null,
                    timestamp,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    codec.encode(element));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
