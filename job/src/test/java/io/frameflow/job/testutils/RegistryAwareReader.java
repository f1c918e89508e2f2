package io.frameflow.job.testutils;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * A plain consumer-side reader of the Confluent wire format that shares no code with Frameflow's
 * codec: it parses the 5-byte header itself, fetches the writer schema with a bare {@code GET
 * /schemas/ids/{id}} and reads the value with a generic Avro reader, as any registry-aware consumer
 * would. Tests use it to check what Frameflow writes, and to register schemas as a foreign
 * producer.
 */
public final class RegistryAwareReader {

    private final String url;
    private final String authorization;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Schema> schemas = new HashMap<>();

    /**
     * @param url the base URL of the registry's Confluent-compatible API
     */
    public RegistryAwareReader(String url) {
        this(url, null, null);
    }

    /** A reader that authenticates with HTTP basic authentication. */
    public RegistryAwareReader(String url, String user, String password) {
        this.url = url;
        this.authorization =
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (user + ":" + password)
                                                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The schema id in a value's header; fails unless the value starts with magic byte 0. */
    public static int schemaId(byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            throw new AssertionError(
                    "not in the Confluent wire format: " + value.length + " bytes");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** Reads a value with the writer schema its id names. */
    public GenericRecord read(byte[] value) throws IOException {
        Schema schema = schema(schemaId(value));
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the record");
        }
        return record;
    }

    /** The writer schema of an id, from the registry. */
    public Schema schema(int id) throws IOException {
        Schema schema = schemas.get(id);
        if (schema == null) {
            JsonObject answer = call("GET", "/schemas/ids/" + id, null).getAsJsonObject();
            schema = new Schema.Parser().parse(answer.get("schema").getAsString());
            schemas.put(id, schema);
        }
        return schema;
    }

    /** Registers a schema under a subject, as a foreign producer would; returns its id. */
    public int register(String subject, String schemaType, String schema) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("schema", schema);
        if (schemaType != null) {
            body.addProperty("schemaType", schemaType);
        }
        return call("POST", "/subjects/" + subject + "/versions", body.toString())
                .getAsJsonObject()
                .get("id")
                .getAsInt();
    }

    /** The id of a subject's latest version. */
    public int latestId(String subject) throws IOException {
        return call("GET", "/subjects/" + subject + "/versions/latest", null)
                .getAsJsonObject()
                .get("id")
                .getAsInt();
    }

    /** Every subject the registry has. */
    public List<String> subjects() throws IOException {
        List<String> subjects = new ArrayList<>();
        JsonArray array = call("GET", "/subjects", null).getAsJsonArray();
        array.forEach(e -> subjects.add(e.getAsString()));
        return subjects;
    }

    private JsonElement call(String method, String path, String body) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(
                        method
                                + " "
                                + path
                                + ": HTTP "
                                + response.statusCode()
                                + " "
                                + response.body());
            }
            return JsonParser.parseString(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
