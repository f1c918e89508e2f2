package io.frameflow.job.kafka.registry;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the registry's REST API, JSON in and out, with basic auth. While no URL answers (a
 * connection refused, a timeout, HTTP 5xx, 408 or 429) it tries the next URL and then waits,
 * backing off exponentially from 100 ms to 5 s, until the retry timeout has passed. Answers that
 * retrying cannot change (an unknown id, refused credentials, a failed TLS handshake, a page that
 * is not the registry API) end the request at once.
 */
final class RegistryHttp {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            CONTENT_TYPE
                    + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final SchemaRegistrySettings settings;
    private final HttpClient client;
    private final List<URI> urls;
    private int current;

    RegistryHttp(SchemaRegistrySettings settings) {
        this.settings = settings;
        this.urls = settings.urls();
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .sslContext(RegistryTls.context(settings.properties()))
                        .build();
    }

    JsonObject get(String path) throws UnknownSchemaException {
        return send("GET", path, null);
    }

    JsonObject post(String path, JsonObject body) throws UnknownSchemaException {
        return send("POST", path, body.toString());
    }

    private JsonObject send(String method, String path, String body) throws UnknownSchemaException {
        long start = System.nanoTime();
        long deadline = start + settings.retryTimeout().toNanos();
        Duration backoff = FIRST_BACKOFF;
        String lastFailure = null;
        while (true) {
            for (int i = 0; i < urls.size(); i++) {
                int index = (current + i) % urls.size();
                URI base = urls.get(index);
                String where = method + " " + SchemaRegistrySettings.withoutUserInfo(base) + path;
                HttpResponse<String> response;
                try {
                    response =
                            client.send(
                                    request(base, method, path, body),
                                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    if (causedByTls(e)) {
                        throw new SchemaRegistryException(
                                "TLS handshake with the schema registry failed ("
                                        + where
                                        + "): "
                                        + e.getMessage()
                                        + "; a registry certificate the JVM does not trust needs "
                                        + SchemaRegistrySettings.TRUSTSTORE_LOCATION
                                        + " in schema-registry.properties",
                                e);
                    }
                    lastFailure = where + ": " + e;
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("Interrupted while calling " + where, e);
                }
                int status = response.statusCode();
                if (status == 408 || status == 429 || status >= 500) {
                    lastFailure = where + ": HTTP " + status + " " + errorMessage(response);
                    continue;
                }
                current = index;
                if (lastFailure != null) {
                    LOG.info(
                            "Schema registry answered {} after {} ms of retries",
                            where,
                            (System.nanoTime() - start) / 1_000_000);
                }
                return answer(where, response);
            }
            long remaining = deadline - System.nanoTime();
            if (backoff.equals(FIRST_BACKOFF) && remaining > 0) {
                LOG.warn(
                        "Schema registry unavailable, retrying for up to {}"
                                + " (schema-registry.retry-timeout): {}",
                        TimeUtils.formatWithHighestUnit(settings.retryTimeout()),
                        lastFailure);
            }
            if (remaining <= 0) {
                throw new SchemaRegistryException(
                        "Schema registry unavailable at "
                                + settings.urlsForMessages()
                                + " (retried for "
                                + TimeUtils.formatWithHighestUnit(settings.retryTimeout())
                                + ", schema-registry.retry-timeout); last failure: "
                                + lastFailure);
            }
            try {
                Thread.sleep(Math.min(backoff.toMillis(), remaining / 1_000_000 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted while waiting for the schema registry", e);
            }
            backoff =
                    backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                            ? MAX_BACKOFF
                            : backoff.multipliedBy(2);
        }
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create(SchemaRegistrySettings.withoutUserInfo(base) + path))
                        .timeout(settings.requestTimeout())
                        .header("Accept", ACCEPT);
        String authorization = authorization(base);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return request.build();
    }

    private String authorization(URI base) {
        String source =
                settings.properties()
                        .getOrDefault(SchemaRegistrySettings.BASIC_AUTH_SOURCE, "USER_INFO");
        String userInfo =
                source.equals("URL")
                        ? base.getUserInfo()
                        : settings.properties().get(SchemaRegistrySettings.BASIC_AUTH_USER_INFO);
        if (userInfo == null) {
            return null;
        }
        return "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject answer(String where, HttpResponse<String> response)
            throws UnknownSchemaException {
        int status = response.statusCode();
        JsonObject json = json(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw notTheRegistryApi(where, response);
            }
            return json;
        }
        if (status == 404 && json != null && errorCode(json) / 100 == 404) {
            throw new UnknownSchemaException(
                    errorMessage(response) + " (" + where + ", error " + errorCode(json) + ")");
        }
        if (status == 404 && json == null) {
            throw notTheRegistryApi(where, response);
        }
        if (status == 401 || status == 403) {
            throw new SchemaRegistryException(
                    "The schema registry refused the request (HTTP "
                            + status
                            + ", "
                            + where
                            + "): check "
                            + SchemaRegistrySettings.BASIC_AUTH_USER_INFO
                            + " in schema-registry.properties");
        }
        throw new SchemaRegistryException(
                "The schema registry answered HTTP "
                        + status
                        + " to "
                        + where
                        + ": "
                        + errorMessage(response));
    }

    private static SchemaRegistryException notTheRegistryApi(
            String where, HttpResponse<String> response) {
        return new SchemaRegistryException(
                "HTTP "
                        + response.statusCode()
                        + " from "
                        + where
                        + " is not a schema registry API answer: schema-registry.url must be the"
                        + " API's root (Confluent: http://host:8081, Apicurio:"
                        + " http://host:8080/apis/ccompat/v7)");
    }

    private static JsonObject json(String body) {
        try {
            JsonElement element = JsonParser.parseString(body);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int errorCode(JsonObject json) {
        JsonElement code = json.get("error_code");
        try {
            return code != null && code.isJsonPrimitive() ? code.getAsInt() : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String errorMessage(HttpResponse<String> response) {
        JsonObject json = json(response.body());
        if (json != null && json.has("message")) {
            return json.get("message").getAsString();
        }
        String body = response.body() == null ? "" : response.body().strip();
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static boolean causedByTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
