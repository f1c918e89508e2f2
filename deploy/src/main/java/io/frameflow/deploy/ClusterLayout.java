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
 * @param gpus GPUs handed to each TaskManager through Flink's external resource framework
 */
public record ClusterLayout(
        Path home, Path lib, Ports ports, int taskManagers, int slots, GpuResources gpus) {

    /** A layout without GPUs. */
    public ClusterLayout(Path home, Path lib, Ports ports, int taskManagers, int slots) {
        this(home, lib, ports, taskManagers, slots, GpuResources.NONE);
    }

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

        /** The Prometheus reporters' port range, e.g. {@code 9250-9260}. */
        public String prometheusRange() {
            return prometheusFrom + "-" + (prometheusFrom + 10);
        }

        /** Ports free now (four distinct ones), for clusters started by tests beside others. */
        public static Ports free() {
            java.util.List<java.net.ServerSocket> held = new java.util.ArrayList<>();
            try {
                // Hold each socket until all are chosen, so that no port is handed out twice.
                for (int i = 0; i < 4; i++) {
                    held.add(new java.net.ServerSocket(0));
                }
                // Below Linux's ephemeral range (32768+), where the four ports above come from.
                int prometheusFrom = 10_000 + new java.util.Random().nextInt(20_000);
                return new Ports(
                        held.get(0).getLocalPort(),
                        held.get(1).getLocalPort(),
                        held.get(2).getLocalPort(),
                        held.get(3).getLocalPort(),
                        prometheusFrom);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                for (java.net.ServerSocket socket : held) {
                    try {
                        socket.close();
                    } catch (java.io.IOException e) {
                        // Closing a probe socket.
                    }
                }
            }
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

    /** Flink's plugins folder ({@code FLINK_PLUGINS_DIR}). */
    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path kafkaData() {
        return home.resolve("kafka-data");
    }

    /** The classpath of every process: all jars in {@link #lib()}. */
    public String classpath() {
        return lib.toAbsolutePath() + "/*";
    }
}
