package io.frameflow.job.kafka.registry;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What the codecs ask a schema registry, over its REST API: the writer schema of an id ({@code GET
 * /schemas/ids/{id}}), and the id of a schema under a subject, registering it ({@code POST
 * /subjects/{subject}/versions}) or only looking it up ({@code POST /subjects/{subject}}).
 *
 * <p>Answers are cached: an id's schema never changes, so it is fetched once per client; an id the
 * registry does not know is remembered for a minute, so a burst of records with a foreign id costs
 * one request. Not shared between tasks: each task opens its own.
 */
public final class SchemaRegistryClient {

    private static final int CACHE_SIZE = 1000;
    private static final Duration UNKNOWN_ID_MEMORY = Duration.ofMinutes(1);

    /** An id's schema, or why it cannot be used as an Avro writer schema. */
    private record Lookup(Schema schema, String refusal) {}

    private final SchemaRegistrySettings settings;
    private final RegistryHttp http;
    private final Map<Integer, Lookup> byId = lru();
    private final Map<Integer, UnknownId> unknownIds = lru();
    private final Map<String, Integer> idsBySubjectAndSchema = lru();

    private record UnknownId(String message, long until) {}

    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        this.http = new RegistryHttp(settings);
    }

    /**
     * The Avro schema registered under an id.
     *
     * @throws UnknownSchemaException if the registry has no schema with this id
     * @throws IOException if the schema is not an Avro schema Frameflow can use
     * @throws SchemaRegistryException if the registry cannot be asked
     */
    public synchronized Schema schemaById(int id) throws IOException {
        Lookup lookup = byId.get(id);
        if (lookup == null) {
            UnknownId unknown = unknownIds.get(id);
            if (unknown != null && System.nanoTime() < unknown.until()) {
                throw new UnknownSchemaException(unknown.message());
            }
            JsonObject answer;
            try {
                answer = http.get("/schemas/ids/" + id);
            } catch (UnknownSchemaException e) {
                String message = "Unknown schema id " + id + ": " + e.getMessage();
                unknownIds.put(
                        id,
                        new UnknownId(message, System.nanoTime() + UNKNOWN_ID_MEMORY.toNanos()));
                throw new UnknownSchemaException(message);
            }
            lookup = parse(id, answer);
            byId.put(id, lookup);
        }
        if (lookup.refusal() != null) {
            throw new IOException(lookup.refusal());
        }
        return lookup.schema();
    }

    /**
     * The id of a writer schema under a subject: registered there if the settings allow (the
     * registry returns the existing id when it is already), else looked up.
     *
     * @throws UnknownSchemaException if looking up and the schema is not registered there
     * @throws SchemaRegistryException if the registry cannot be asked, or refuses the schema (e.g.
     *     incompatible with the subject's earlier versions)
     */
    public synchronized int idFor(String subject, Schema schema) throws UnknownSchemaException {
        String key = subject + "\n" + schema;
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonObject request = new JsonObject();
        request.addProperty("schema", schema.toString());
        String path =
                "/subjects/"
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
        int id;
        if (settings.autoRegister()) {
            id = intField(http.post(path + "/versions", request), "id", path);
        } else {
            try {
                id = intField(http.post(path, request), "id", path);
            } catch (UnknownSchemaException e) {
                throw new UnknownSchemaException(
                        "The schema "
                                + schema.getFullName()
                                + " is not registered under subject '"
                                + subject
                                + "' and schema-registry.auto-register is false: register it"
                                + " first ("
                                + e.getMessage()
                                + ")");
            }
        }
        idsBySubjectAndSchema.put(key, id);
        return id;
    }

    private static Lookup parse(int id, JsonObject answer) {
        JsonElement type = answer.get("schemaType");
        if (type != null && !type.isJsonNull() && !"AVRO".equals(type.getAsString())) {
            return refused("Schema id " + id + " is a " + type.getAsString() + " schema, not Avro");
        }
        JsonElement references = answer.get("references");
        if (references instanceof JsonArray array && !array.isEmpty()) {
            return refused(
                    "Schema id "
                            + id
                            + " refers to other schemas (schema references), which Frameflow does"
                            + " not resolve");
        }
        JsonElement text = answer.get("schema");
        if (text == null || !text.isJsonPrimitive()) {
            throw new SchemaRegistryException(
                    "The registry's answer for schema id " + id + " has no schema: " + answer);
        }
        try {
            return new Lookup(new Schema.Parser().parse(text.getAsString()), null);
        } catch (SchemaParseException e) {
            return refused("Schema id " + id + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    private static Lookup refused(String reason) {
        return new Lookup(null, reason);
    }

    private static int intField(JsonObject answer, String field, String path) {
        JsonElement value = answer.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new SchemaRegistryException(
                    "The registry's answer to "
                            + path
                            + " has no numeric '"
                            + field
                            + "': "
                            + answer);
        }
        return value.getAsInt();
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }
}
