package io.frameflow.job.kafka;

import io.frameflow.job.kafka.registry.ConfluentWireFormat;
import io.frameflow.job.kafka.registry.SchemaRegistryClient;
import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent wire format with Avro: a magic byte, the writer schema's registry id, then Avro
 * binary. Reading fetches the writer's schema by id (once per id and task) and reads with
 * Frameflow's schema through Avro's schema resolution, so records of older, compatible producer
 * schemas are read, and a record whose id is unknown or whose schema cannot be resolved is refused
 * with the reason, never misread. Writing registers (or looks up) Frameflow's schema under the
 * subject of the topic.
 */
final class ConfluentAvroCodec<T extends SpecificRecord> implements EventCodec<T> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CACHED_IDS = 1000;

    private final Class<T> type;
    private final SchemaRegistrySettings registry;
    private final String topic;
    private transient SchemaRegistryClient client;
    private transient SpecificDatumWriter<T> writer;
    private transient Integer writerId;
    private transient Map<Integer, Resolution<T>> readers;

    /** How the values of one writer schema id are read: a resolving reader, or why they are not. */
    private record Resolution<T>(SpecificDatumReader<T> reader, String refusal) {}

    /**
     * @param topic the topic the values are written to, for the subject; null for a codec that only
     *     reads
     */
    ConfluentAvroCodec(Class<T> type, SchemaRegistrySettings registry, String topic) {
        this.type = type;
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public byte[] encode(T value) throws IOException {
        if (writerId == null) {
            if (topic == null) {
                throw new IllegalStateException(
                        "This " + type.getSimpleName() + " codec has no topic to write to");
            }
            Schema schema = schema();
            writerId =
                    client().idFor(registry.subjectNameStrategy().subject(topic, schema), schema);
            writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ConfluentWireFormat.writeHeader(writerId, out);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Override
    public T decode(byte[] bytes) throws IOException {
        int id = ConfluentWireFormat.schemaId(bytes);
        SpecificDatumReader<T> reader = reader(id);
        BinaryDecoder decoder =
                DecoderFactory.get()
                        .binaryDecoder(
                                bytes,
                                ConfluentWireFormat.HEADER_LENGTH,
                                bytes.length - ConfluentWireFormat.HEADER_LENGTH,
                                null);
        return AvroBinaryCodec.readWhole(reader, decoder, type);
    }

    /** A reader from the id's schema to Frameflow's, or an error saying why there is none. */
    private SpecificDatumReader<T> reader(int id) throws IOException {
        if (readers == null) {
            readers = new HashMap<>();
        }
        Resolution<T> resolution = readers.get(id);
        if (resolution == null) {
            resolution = resolve(id, client().schemaById(id));
            if (readers.size() >= MAX_CACHED_IDS) {
                readers.clear();
            }
            readers.put(id, resolution);
        }
        if (resolution.refusal() != null) {
            throw new IOException(resolution.refusal());
        }
        return resolution.reader();
    }

    private Resolution<T> resolve(int id, Schema writerSchema) {
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema(), writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            String refusal =
                    "Schema id "
                            + id
                            + " ("
                            + writerSchema.getFullName()
                            + ") cannot be read as "
                            + schema().getFullName()
                            + ": "
                            + compatibility.getResult().getIncompatibilities().stream()
                                    .map(
                                            i ->
                                                    fieldPath(schema(), i.getLocation())
                                                            + ": "
                                                            + i.getMessage())
                                    .toList();
            return new Resolution<>(null, refusal);
        }
        return new Resolution<>(
                new SpecificDatumReader<>(writerSchema, schema(), SpecificData.getForClass(type)),
                null);
    }

    /**
     * Avro's location of an incompatibility in the reader schema, a JSON pointer such as {@code
     * /fields/2/type}, as field names ({@code eventTime}); the pointer itself where it leads
     * elsewhere.
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema current = reader;
        String[] parts = location.split("/");
        for (int i = 1; i < parts.length; i++) {
            switch (parts[i]) {
                case "fields" -> {
                    if (current.getType() != Schema.Type.RECORD
                            || i + 1 >= parts.length
                            || !parts[i + 1].matches("\\d+")
                            || Integer.parseInt(parts[i + 1]) >= current.getFields().size()) {
                        return location;
                    }
                    Schema.Field field = current.getFields().get(Integer.parseInt(parts[++i]));
                    names.add(field.name());
                    current = field.schema();
                }
                case "type", "name" -> {}
                case "items" ->
                        current =
                                current.getType() == Schema.Type.ARRAY
                                        ? current.getElementType()
                                        : current;
                case "values" ->
                        current =
                                current.getType() == Schema.Type.MAP
                                        ? current.getValueType()
                                        : current;
                default -> {
                    return location;
                }
            }
        }
        return names.isEmpty() ? location : String.join(".", names);
    }

    private SchemaRegistryClient client() {
        if (client == null) {
            client = new SchemaRegistryClient(registry);
        }
        return client;
    }

    private Schema schema() {
        return SpecificData.getForClass(type).getSchema(type);
    }
}
