package io.frameflow.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the local cluster's Flink configuration ({@code config.yaml}) and log4j setup. The
 * settings that matter for Frameflow: DJL is loaded parent-first, so its JNI library is loaded once
 * per TaskManager JVM and a resubmitted job finds it; a Prometheus reporter per process.
 */
final class FlinkConfiguration {

    /**
     * The environment a TaskManager starts with: libtorch's OpenMP threads must sleep while idle,
     * or they starve inference beside every other thread of the TaskManager; libgomp reads this
     * once, when libtorch loads.
     */
    static final Map<String, String> TASK_MANAGER_ENV = Map.of("OMP_WAIT_POLICY", "PASSIVE");

    private FlinkConfiguration() {}

    static Map<String, String> settings(ClusterLayout layout) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "localhost");
        c.put("jobmanager.rpc.port", Integer.toString(layout.ports().rpc()));
        c.put("jobmanager.bind-host", "localhost");
        c.put("taskmanager.bind-host", "localhost");
        c.put("taskmanager.host", "localhost");
        c.put("rest.address", "localhost");
        c.put("rest.bind-address", "localhost");
        c.put("rest.port", Integer.toString(layout.ports().rest()));
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.memory.process.size", "1728m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(layout.slots()));
        c.put("parallelism.default", Integer.toString(layout.slots()));
        // DJL's JNI library can be loaded once per JVM: DJL must come from lib/, parent-first.
        c.put("classloader.parent-first-patterns.additional", "ai.djl");
        c.put(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.put("metrics.reporter.prom.port", layout.ports().prometheusRange());
        c.put("env.java.opts.all", "-Dai.djl.offline=true");
        // What containerised TaskManagers (Kubernetes, YARN) get; the launcher sets it directly.
        TASK_MANAGER_ENV.forEach(
                (key, value) -> c.put("containerized.taskmanager.env." + key, value));
        c.put("io.tmp.dirs", layout.home().resolve("tmp").toString());
        // Notice a lost TaskManager sooner than the default 50 s, with room for a busy machine.
        c.put("heartbeat.interval", "3000");
        c.put("heartbeat.timeout", "30000");
        c.putAll(layout.gpus().settings(layout.plugins()));
        return c;
    }

    static void write(ClusterLayout layout) throws IOException {
        Files.createDirectories(layout.conf());
        Files.createDirectories(layout.logs());
        Files.createDirectories(layout.home().resolve("tmp"));
        String yaml =
                settings(layout).entrySet().stream()
                        .map(e -> e.getKey() + ": " + quote(e.getValue()))
                        .collect(
                                Collectors.joining(
                                        "\n",
                                        "# Written by frameflow's local cluster launcher.\n",
                                        "\n"));
        Files.writeString(layout.conf().resolve("config.yaml"), yaml);
        Files.writeString(
                layout.conf().resolve("log4j.properties"),
                """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = File
                appender.file.type = File
                appender.file.name = File
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                """);
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9._/:-]+")
                ? value
                : "\"" + value.replace("\"", "\\\"") + "\"";
    }
}
