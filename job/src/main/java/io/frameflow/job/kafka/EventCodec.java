package io.frameflow.job.kafka;

import io.frameflow.job.config.WireFormat;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one event type in Kafka record values. The one seam for wire formats: a
 * schema-registry format would be another implementation.
 */
public interface EventCodec<T extends SpecificRecord> extends Serializable {

    byte[] encode(T value) throws IOException;

    /** Decodes a value, or throws with the reason it is not a valid record of this type. */
    T decode(byte[] bytes) throws IOException;

    /** The codec of a wire format. */
    static <T extends SpecificRecord> EventCodec<T> of(WireFormat format, Class<T> type) {
        return switch (format) {
            case AVRO_BINARY -> new AvroBinaryCodec<>(type);
            case AVRO_SINGLE_OBJECT -> new AvroSingleObjectCodec<>(type);
        };
    }
}
