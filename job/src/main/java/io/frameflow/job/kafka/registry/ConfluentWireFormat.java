package io.frameflow.job.kafka.registry;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The Confluent wire format's framing: a magic byte 0, the writer schema's registry id as a 4-byte
 * big-endian integer, then the payload (Avro binary). What Confluent's serializers, Kafka Connect,
 * ksqlDB and kcat write and expect.
 */
public final class ConfluentWireFormat {

    /** The first byte of every framed value. */
    public static final byte MAGIC_BYTE = 0;

    /** Bytes before the payload: the magic byte and the schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {}

    /** Writes the header of a value written with the schema of this id. */
    public static void writeHeader(int schemaId, OutputStream out) throws IOException {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The schema id of a framed value, or an error saying why the value is not framed. */
    public static int schemaId(byte[] value) throws IOException {
        if (value.length < HEADER_LENGTH) {
            throw new IOException(
                    "Not the Confluent wire format: "
                            + value.length
                            + " bytes, fewer than the 5-byte header (magic byte 0, schema id)");
        }
        if (value[0] != MAGIC_BYTE) {
            throw new IOException(
                    String.format(
                            "Not the Confluent wire format: magic byte 0x%02x, expected 0x00",
                            value[0] & 0xff));
        }
        return ((value[1] & 0xff) << 24)
                | ((value[2] & 0xff) << 16)
                | ((value[3] & 0xff) << 8)
                | (value[4] & 0xff);
    }
}
