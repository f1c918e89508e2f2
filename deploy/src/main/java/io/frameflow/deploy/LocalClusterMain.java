package io.frameflow.deploy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code deploy/local-cluster.sh start|stop|status|flink ARGS}: the local cluster from the command
 * line. Settings come from environment variables: FRAMEFLOW_CLUSTER_HOME (default
 * deploy/target/local-cluster), FRAMEFLOW_CLUSTER_LIB (deploy/target/cluster-lib),
 * FRAMEFLOW_TASKMANAGERS (2), FRAMEFLOW_SLOTS (2), FRAMEFLOW_GPUS (GPUs per TaskManager through
 * Flink's external resource framework, 0) with FRAMEFLOW_GPU_PLUGIN (a Flink 2.2 distribution's
 * {@code opt/external-resource-gpu} folder).
 */
public final class LocalClusterMain {

    private LocalClusterMain() {}

    public static void main(String[] args) throws Exception {
        ClusterLayout layout =
                new ClusterLayout(
                        Path.of(env("FRAMEFLOW_CLUSTER_HOME", "deploy/target/local-cluster"))
                                .toAbsolutePath(),
                        Path.of(env("FRAMEFLOW_CLUSTER_LIB", "deploy/target/cluster-lib"))
                                .toAbsolutePath(),
                        ClusterLayout.Ports.DEFAULTS,
                        Integer.parseInt(env("FRAMEFLOW_TASKMANAGERS", "2")),
                        Integer.parseInt(env("FRAMEFLOW_SLOTS", "2")),
                        gpus());
        LocalCluster cluster = new LocalCluster(layout);
        String command = args.length == 0 ? "status" : args[0];
        switch (command) {
            case "start" -> {
                cluster.start();
                cluster.status().forEach(System.out::println);
            }
            case "stop" -> System.out.println("stopped: " + cluster.stop());
            case "status" -> cluster.status().forEach(System.out::println);
            case "flink" ->
                    System.out.print(
                            cluster.flink(List.of(Arrays.copyOfRange(args, 1, args.length))));
            default -> {
                System.err.println("usage: local-cluster.sh start|stop|status|flink ARGS...");
                System.exit(2);
            }
        }
    }

    private static GpuResources gpus() {
        int gpus = Integer.parseInt(env("FRAMEFLOW_GPUS", "0"));
        String plugin = System.getenv("FRAMEFLOW_GPU_PLUGIN");
        return gpus == 0
                ? GpuResources.NONE
                : new GpuResources(gpus, plugin == null ? null : Path.of(plugin));
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
