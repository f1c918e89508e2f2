package io.frameflow.job.kafka.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the schema registry is and how to talk to it, checked once. Serializable, so the codecs
 * that carry it can be shipped to Flink's tasks; each task opens its own client from it.
 *
 * @param urls the registry's base URLs (tried in turn), e.g. {@code
 *     http://registry:8080/apis/ccompat/v7}
 * @param properties client settings under Confluent's names: basic auth and TLS (see {@link
 *     #SUPPORTED_PROPERTIES})
 * @param subjectNameStrategy the subject writers register under
 * @param autoRegister whether writers register their schema, or only look up its id
 * @param requestTimeout the longest one HTTP request may take
 * @param retryTimeout how long an unreachable registry is retried before giving up
 */
public record SchemaRegistrySettings(
        List<URI> urls,
        Map<String, String> properties,
        SubjectNameStrategy subjectNameStrategy,
        boolean autoRegister,
        Duration requestTimeout,
        Duration retryTimeout)
        implements Serializable {

    /** {@code USER_INFO} (from {@link #BASIC_AUTH_USER_INFO}) or {@code URL} (user:pw@host). */
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";

    /** {@code user:password} for HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    /** The client settings understood; anything else is refused rather than ignored. */
    public static final Set<String> SUPPORTED_PROPERTIES =
            Set.of(
                    BASIC_AUTH_SOURCE,
                    BASIC_AUTH_USER_INFO,
                    TRUSTSTORE_LOCATION,
                    TRUSTSTORE_PASSWORD,
                    TRUSTSTORE_TYPE,
                    KEYSTORE_LOCATION,
                    KEYSTORE_PASSWORD,
                    KEYSTORE_TYPE,
                    KEY_PASSWORD);

    public SchemaRegistrySettings {
        urls = List.copyOf(urls);
        properties = Map.copyOf(properties);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no schema registry URL given");
        }
        for (URI url : urls) {
            if (!url.isAbsolute()
                    || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException(
                        "'" + url + "' is not an http:// or https:// URL with a host");
            }
        }
        for (String key : properties.keySet()) {
            if (!SUPPORTED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown schema registry client property '"
                                + key
                                + "'; supported: "
                                + new TreeSet<>(SUPPORTED_PROPERTIES));
            }
        }
        String source = properties.getOrDefault(BASIC_AUTH_SOURCE, "USER_INFO");
        if (!source.equals("USER_INFO") && !source.equals("URL")) {
            throw new IllegalArgumentException(
                    BASIC_AUTH_SOURCE + " must be USER_INFO or URL, was " + source);
        }
        String userInfo = properties.get(BASIC_AUTH_USER_INFO);
        if (userInfo != null && !userInfo.contains(":")) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
        if (retryTimeout.isNegative()) {
            throw new IllegalArgumentException("the retry timeout must be >= 0");
        }
    }

    /**
     * Settings with the defaults: topic-name subjects, auto-registration, 10 s per request, one
     * minute of retries.
     *
     * @param urls one URL or several separated by commas
     */
    public static SchemaRegistrySettings of(String urls) {
        return new SchemaRegistrySettings(
                parseUrls(urls),
                Map.of(),
                SubjectNameStrategy.TOPIC_NAME,
                true,
                Duration.ofSeconds(10),
                Duration.ofMinutes(1));
    }

    /** Comma-separated URLs, with any trailing slash removed. */
    public static List<URI> parseUrls(String urls) {
        return Arrays.stream(urls.split(","))
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .map(URI::create)
                .toList();
    }

    public SchemaRegistrySettings withProperties(Map<String, String> properties) {
        return new SchemaRegistrySettings(
                urls, properties, subjectNameStrategy, autoRegister, requestTimeout, retryTimeout);
    }

    public SchemaRegistrySettings withSubjectNameStrategy(SubjectNameStrategy strategy) {
        return new SchemaRegistrySettings(
                urls, properties, strategy, autoRegister, requestTimeout, retryTimeout);
    }

    public SchemaRegistrySettings withAutoRegister(boolean autoRegister) {
        return new SchemaRegistrySettings(
                urls, properties, subjectNameStrategy, autoRegister, requestTimeout, retryTimeout);
    }

    public SchemaRegistrySettings withTimeouts(Duration requestTimeout, Duration retryTimeout) {
        return new SchemaRegistrySettings(
                urls, properties, subjectNameStrategy, autoRegister, requestTimeout, retryTimeout);
    }

    /** The URLs without credentials, for messages. */
    String urlsForMessages() {
        return urls.stream().map(SchemaRegistrySettings::withoutUserInfo).toList().toString();
    }

    static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null
                ? url.toString()
                : url.toString().replace(url.getRawUserInfo() + "@", "");
    }

    /** Without passwords: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "SchemaRegistrySettings[urls="
                + urlsForMessages()
                + ", properties="
                + new TreeSet<>(properties.keySet())
                + ", subjectNameStrategy="
                + subjectNameStrategy
                + ", autoRegister="
                + autoRegister
                + ", requestTimeout="
                + requestTimeout
                + ", retryTimeout="
                + retryTimeout
                + "]";
    }
}
