package io.frameflow.job.kafka;

import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.registry.SchemaRegistryException;
import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one event type in Kafka record values. The one seam for wire formats:
 * self-describing Avro single-object encoding, plain Avro binary, and the Confluent wire format
 * backed by a schema registry.
 */
public interface EventCodec<T extends SpecificRecord> extends Serializable {

    /**
     * Encodes a value.
     *
     * @throws SchemaRegistryException if the schema registry cannot be asked for the schema's id
     */
    byte[] encode(T value) throws IOException;

    /**
     * Decodes a value, or throws an {@link IOException} with the reason it is not a valid record of
     * this type.
     *
     * @throws SchemaRegistryException if the schema registry cannot be asked about the value's
     *     schema: the value may well be valid, so it must not be treated as a bad record
     */
    T decode(byte[] bytes) throws IOException;

    /** The codec of a wire format that needs no schema registry. */
    static <T extends SpecificRecord> EventCodec<T> of(WireFormat format, Class<T> type) {
        return of(format, null, null, type);
    }

    /**
     * The codec of a wire format for the values of one topic.
     *
     * @param registry the schema registry; required by {@link WireFormat#CONFLUENT}, else unused
     * @param topic the topic written to, which names the registry subject; null to read only
     */
    static <T extends SpecificRecord> EventCodec<T> of(
            WireFormat format, SchemaRegistrySettings registry, String topic, Class<T> type) {
        return switch (format) {
            case AVRO_BINARY -> new AvroBinaryCodec<>(type);
            case AVRO_SINGLE_OBJECT -> new AvroSingleObjectCodec<>(type);
            case CONFLUENT -> {
                if (registry == null) {
                    throw new IllegalArgumentException(
                            "The confluent wire format needs a schema registry"
                                    + " (schema-registry.url)");
                }
                yield new ConfluentAvroCodec<>(type, registry, topic);
            }
        };
    }
}
