package io.frameflow.job.config;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * Where settings come from, in increasing precedence: Flink's configuration (the cluster's {@code
 * config.yaml}, {@code -D} on {@code flink run}), a properties or YAML file given with {@code
 * --config}, and command-line flags.
 */
public final class ConfigSources {

    private ConfigSources() {}

    /** Merges the sources; later ones override earlier ones. */
    public static Configuration merge(Configuration flink, Path file, Map<String, String> flags) {
        Configuration merged = new Configuration(flink);
        if (file != null) {
            readFile(file).forEach(merged::setString);
        }
        flags.forEach(merged::setString);
        return merged;
    }

    /** Reads {@code key=value} properties, or YAML (nested keys joined with dots). */
    public static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Map<String, String> flat = new LinkedHashMap<>();
                flatten("", YamlParserUtils.loadYamlFile(file.toFile()), flat);
                return flat;
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
            return map;
        } catch (Exception e) {
            throw new InvalidConfigException(
                    "Cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> yaml, Map<String, String> out) {
        for (Map.Entry<String, Object> e : yaml.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key, (Map<String, Object>) nested, out);
            } else if (value instanceof Iterable<?> list) {
                out.put(
                        key,
                        String.join(
                                ";",
                                java.util.stream.StreamSupport.stream(list.spliterator(), false)
                                        .map(String::valueOf)
                                        .toList()));
            } else {
                out.put(key, String.valueOf(value));
            }
        }
    }
}
