package io.frameflow.job.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's single-object encoding: a two-byte marker, the writer schema's 64-bit fingerprint, then
 * Avro binary. A value written with an unknown schema is recognised by its fingerprint and refused,
 * not misread.
 */
final class AvroSingleObjectCodec<T extends SpecificRecord> implements EventCodec<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    AvroSingleObjectCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] encode(T value) throws IOException {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema());
        }
        ByteBuffer buffer = encoder.encode(value);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public T decode(byte[] bytes) throws IOException {
        if (decoder == null) {
            decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema());
        }
        try {
            return decoder.decode(bytes);
        } catch (RuntimeException e) {
            throw new IOException(
                    "Not an Avro single-object " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Schema schema() {
        return SpecificData.get().getSchema(type);
    }
}
