package io.frameflow.job.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), started in this
 * JVM from the {@code org.apache.kafka} jars: for the demo and the tests. It can be stopped and
 * started again on the same ports and data, to simulate a broker outage.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final int saslPort;
    private final ScramUser scram;
    private KafkaRaftServer server;

    /** A user the broker's SASL/SCRAM-SHA-512 listener accepts. */
    public record ScramUser(String name, String password) {}

    private LocalKafkaBroker(Path dataDir, boolean ownsDataDir, ScramUser scram) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        this.saslPort = scram == null ? -1 : freePort();
        this.scram = scram;
    }

    /** Formats a new log directory under a fresh temporary folder and starts the broker. */
    public static LocalKafkaBroker start() {
        return start(null);
    }

    /**
     * As {@link #start()}, with a second listener that requires SASL/SCRAM-SHA-512 authentication
     * ({@link #saslBootstrapServers()}); the user is created when the log directory is formatted.
     */
    public static LocalKafkaBroker startWithScram(ScramUser user) {
        return start(user);
    }

    private static LocalKafkaBroker start(ScramUser scram) {
        try {
            LocalKafkaBroker broker =
                    new LocalKafkaBroker(
                            Files.createTempDirectory("frameflow-kafka-"), true, scram);
            broker.format();
            broker.startServer();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code localhost:port} of the SASL/SCRAM listener (only with {@link #startWithScram}). */
    public String saslBootstrapServers() {
        if (scram == null) {
            throw new IllegalStateException("this broker was started without a SASL listener");
        }
        return "localhost:" + saslPort;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** {@code localhost:port} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /** Stops the broker, keeping its data, as an outage would. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again after {@link #stop()}, on the same ports and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://localhost:"
                        + brokerPort
                        + ",CONTROLLER://localhost:"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // Flink's exactly-once sink keeps transactions open for a checkpoint interval or longer.
        p.put("transaction.max.timeout.ms", "3600000");
        p.put("log.flush.interval.messages", "1000000");
        if (scram != null) {
            p.put("listeners", p.get("listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
            p.put(
                    "advertised.listeners",
                    p.get("advertised.listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
            p.put(
                    "listener.security.protocol.map",
                    p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put(
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        return p;
    }

    private void format() {
        try {
            new Formatter()
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.resolve("logs").toString()))
                    .setMetadataLogDirectory(dataDir.resolve("logs").toString())
                    .setControllerListenerName("CONTROLLER")
                    .setScramArguments(
                            scram == null
                                    ? List.of()
                                    : List.of(
                                            "SCRAM-SHA-512=[name="
                                                    + scram.name()
                                                    + ",password="
                                                    + scram.password()
                                                    + "]"))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setPrintStream(
                            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + dataDir, e);
        }
    }

    private void startServer() {
        server = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        server.startup();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temporary folder.
        }
    }
}
