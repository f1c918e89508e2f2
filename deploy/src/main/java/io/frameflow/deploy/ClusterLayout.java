package io.frameflow.deploy;

import java.nio.file.Path;

/**
 * Where a local cluster keeps its state: configuration, logs, pid files and Kafka's data, all under
 * one home folder, plus the folder of jars that is Flink's {@code lib/}.
 *
 * @param home the cluster's folder
 * @param lib the jars the processes run from
 * @param ports the ports the cluster listens on
 * @param taskManagers how many TaskManagers
 * @param slots slots per TaskManager
 */
public record ClusterLayout(Path home, Path lib, Ports ports, int taskManagers, int slots) {

    /**
     * The ports of a local cluster.
     *
     * @param rest JobManager REST API and web UI
     * @param rpc JobManager RPC
     * @param kafka Kafka broker (PLAINTEXT)
     * @param kafkaController Kafka KRaft controller
     * @param prometheusFrom first port of the Prometheus reporters' range (one per process)
     */
    public record Ports(int rest, int rpc, int kafka, int kafkaController, int prometheusFrom) {
        public static final Ports DEFAULTS = new Ports(8081, 6123, 9092, 9093, 9250);

        /** Ports free now, for clusters started by tests beside others. */
        public static Ports free() {
            int prometheusFrom = 20_000 + new java.util.Random().nextInt(30_000);
            return new Ports(freePort(), freePort(), freePort(), freePort(), prometheusFrom);
        }

        private static int freePort() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The Prometheus reporters' port range, e.g. {@code 9250-9260}. */
        public String prometheusRange() {
            return prometheusFrom + "-" + (prometheusFrom + 10);
        }
    }

    public Path conf() {
        return home.resolve("conf");
    }

    public Path logs() {
        return home.resolve("log");
    }

    public Path pids() {
        return home.resolve("pids");
    }

    public Path kafkaData() {
        return home.resolve("kafka-data");
    }

    /** The classpath of every process: all jars in {@link #lib()}. */
    public String classpath() {
        return lib.toAbsolutePath() + "/*";
    }
}
