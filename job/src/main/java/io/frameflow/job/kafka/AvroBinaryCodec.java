package io.frameflow.job.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary. It has no framing, so a value must be consumed exactly: trailing bytes mean
 * the record was not written with this schema.
 */
final class AvroBinaryCodec<T extends SpecificRecord> implements EventCodec<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient SpecificDatumWriter<T> writer;
    private transient SpecificDatumReader<T> reader;

    AvroBinaryCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] encode(T value) throws IOException {
        if (writer == null) {
            writer = new SpecificDatumWriter<>(type);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Override
    public T decode(byte[] bytes) throws IOException {
        if (reader == null) {
            reader = new SpecificDatumReader<>(type);
        }
        return readWhole(reader, DecoderFactory.get().binaryDecoder(bytes, null), type);
    }

    /**
     * Reads one record that must take up the whole of the decoder's bytes: trailing bytes mean it
     * was not written with the writer schema the reader assumes. Garbage makes Avro throw anything
     * from AvroRuntimeException to NegativeArraySizeException: all of it becomes an IOException.
     */
    static <T> T readWhole(DatumReader<T> reader, BinaryDecoder decoder, Class<?> type)
            throws IOException {
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException(
                        "Avro value has trailing bytes: not a " + type.getSimpleName());
            }
            return value;
        } catch (RuntimeException e) {
            throw new IOException("Not a valid Avro " + type.getSimpleName() + ": " + e, e);
        }
    }
}
