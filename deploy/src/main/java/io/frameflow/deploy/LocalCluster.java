package io.frameflow.deploy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster (one JobManager, N TaskManagers) and a Kafka KRaft broker on
 * localhost, each a separate JVM started from Maven-resolved jars the way Flink's and Kafka's
 * scripts start them, with logs and pid files under one home folder. Start and stop are idempotent.
 */
public final class LocalCluster {

    static final String JOBMANAGER = "jobmanager";
    static final String KAFKA = "kafka";
    private static final String BASH_JAVA_UTILS_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final ClusterLayout layout;
    private final JavaProcesses processes;

    public LocalCluster(ClusterLayout layout) {
        this.layout = layout;
        this.processes = new JavaProcesses(layout);
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** Starts whatever is not running yet and waits until it serves. */
    public void start() throws Exception {
        checkLib();
        FlinkConfiguration.write(layout);
        installGpuPlugin();
        startKafka();
        processes.start(
                JOBMANAGER,
                List.of("-Xmx512m", "-Xms512m"),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", layout.conf().toString()),
                Map.of());
        for (int i = 1; i <= layout.taskManagers(); i++) {
            startTaskManager(i);
        }
        try {
            waitFor(
                    "the JobManager's REST API with " + layout.taskManagers() + " TaskManagers",
                    180,
                    this::clusterReady);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\n" + logTails(), e);
        }
        waitFor(
                "Kafka on port " + layout.ports().kafka(),
                60,
                () -> portOpen(layout.ports().kafka()));
    }

    /** Starts TaskManager {@code i} unless it runs (also: a replacement after a crash). */
    public void startTaskManager(int i) throws Exception {
        List<String> tmParams = taskManagerParams();
        List<String> jvm = List.of(tmParams.get(0).split(" "));
        List<String> dynamic = new ArrayList<>(List.of("--configDir", layout.conf().toString()));
        dynamic.addAll(List.of(tmParams.get(1).strip().split(" ")));
        processes.start(
                taskManager(i),
                jvm,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                dynamic,
                taskManagerEnv());
    }

    private Map<String, String> taskManagerEnv() {
        Map<String, String> env = new java.util.HashMap<>(FlinkConfiguration.TASK_MANAGER_ENV);
        env.put("FLINK_PLUGINS_DIR", layout.plugins().toString());
        return env;
    }

    /** Copies Flink's GPU plugin into the cluster's plugins folder when GPUs are asked for. */
    private void installGpuPlugin() throws IOException {
        if (layout.gpus().perTaskManager() == 0) {
            return;
        }
        Path source = layout.gpus().plugin();
        if (!Files.isRegularFile(source.resolve("nvidia-gpu-discovery.sh"))) {
            throw new IOException(
                    source
                            + " is not Flink's GPU plugin folder (no nvidia-gpu-discovery.sh): use"
                            + " opt/"
                            + GpuResources.PLUGIN_FOLDER
                            + " of a Flink 2.2 distribution");
        }
        Path target = layout.plugins().resolve(GpuResources.PLUGIN_FOLDER);
        Files.createDirectories(target);
        try (var files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(
                        file,
                        target.resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Kills TaskManager {@code i} with SIGKILL, as a crash would; returns its pid. */
    public long killTaskManager(int i) throws IOException {
        ProcessHandle process =
                processes
                        .running(taskManager(i))
                        .orElseThrow(() -> new IOException(taskManager(i) + " is not running"));
        process.destroyForcibly();
        process.onExit().join();
        return process.pid();
    }

    /** Stops everything that runs; returns what was running. */
    public List<String> stop() throws Exception {
        List<String> stopped = new ArrayList<>();
        for (int i = layout.taskManagers(); i >= 1; i--) {
            if (processes.stop(taskManager(i))) {
                stopped.add(taskManager(i));
            }
        }
        for (String name : List.of(JOBMANAGER, KAFKA)) {
            if (processes.stop(name)) {
                stopped.add(name);
            }
        }
        return stopped;
    }

    /** One line per process: running (pid) or stopped. */
    public List<String> status() throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(KAFKA, JOBMANAGER));
        for (int i = 1; i <= layout.taskManagers(); i++) {
            names.add(taskManager(i));
        }
        for (String name : names) {
            Optional<ProcessHandle> p = processes.running(name);
            lines.add(
                    String.format(
                            "%-14s %s",
                            name, p.map(h -> "running (pid " + h.pid() + ")").orElse("stopped")));
        }
        lines.add("web UI / REST  http://localhost:" + layout.ports().rest());
        lines.add("Kafka          localhost:" + layout.ports().kafka());
        return lines;
    }

    /** The pids of the running processes. */
    public List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String name : List.of(KAFKA, JOBMANAGER)) {
            processes.running(name).ifPresent(p -> pids.add(p.pid()));
        }
        for (int i = 1; i <= layout.taskManagers(); i++) {
            processes.running(taskManager(i)).ifPresent(p -> pids.add(p.pid()));
        }
        return pids;
    }

    /** {@code flink run -d JAR ARGS} with Flink's own client; returns the job id. */
    public String submit(Path jar, List<String> args) throws Exception {
        List<String> cli =
                new ArrayList<>(
                        List.of(
                                "run",
                                "-d",
                                "-m",
                                "localhost:" + layout.ports().rest(),
                                jar.toString()));
        cli.addAll(args);
        String output = flink(cli);
        Matcher m = JOB_ID.matcher(output);
        if (!m.find()) {
            throw new IOException("flink run printed no job id:\n" + output);
        }
        return m.group(1);
    }

    /** {@code flink cancel JOB}. */
    public void cancel(String jobId) throws Exception {
        flink(List.of("cancel", "-m", "localhost:" + layout.ports().rest(), jobId));
    }

    /** Runs Flink's command-line client against this cluster. */
    public String flink(List<String> args) throws Exception {
        return processes.run(
                List.of("-Xmx512m"),
                "org.apache.flink.client.cli.CliFrontend",
                args,
                Map.of("FLINK_CONF_DIR", layout.conf().toString()),
                600);
    }

    /** The job's state from the REST API, e.g. RUNNING. */
    public String jobState(String jobId) throws IOException {
        String json = get("/jobs/" + jobId);
        Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"").matcher(json);
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    private void startKafka() throws Exception {
        if (processes.running(KAFKA).isPresent()) {
            return;
        }
        Path properties = layout.conf().resolve("kafka.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@localhost:" + layout.ports().kafkaController(),
                        "listeners=PLAINTEXT://localhost:"
                                + layout.ports().kafka()
                                + ",CONTROLLER://localhost:"
                                + layout.ports().kafkaController(),
                        "advertised.listeners=PLAINTEXT://localhost:" + layout.ports().kafka(),
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + layout.kafkaData(),
                        "num.partitions=2",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "transaction.max.timeout.ms=3600000",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        if (!Files.exists(layout.kafkaData().resolve("meta.properties"))) {
            processes.run(
                    List.of(),
                    "kafka.tools.StorageTool",
                    List.of(
                            "format",
                            "-t",
                            UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                            "-c",
                            properties.toString()),
                    Map.of(),
                    120);
        }
        processes.start(
                KAFKA,
                List.of("-Xmx512m"),
                "kafka.Kafka",
                List.of(properties.toString()),
                Map.of());
    }

    /**
     * What Flink's taskmanager.sh does: the JVM and dynamic memory parameters, computed by Flink.
     */
    private List<String> taskManagerParams() throws Exception {
        String output =
                processes.run(
                        List.of(),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        List.of("GET_TM_RESOURCE_PARAMS", "--configDir", layout.conf().toString()),
                        Map.of(),
                        120);
        List<String> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(BASH_JAVA_UTILS_RESULT)) {
                results.add(line.substring(BASH_JAVA_UTILS_RESULT.length()).strip());
            }
        }
        if (results.size() < 2) {
            throw new IOException(
                    "BashJavaUtils GET_TM_RESOURCE_PARAMS printed no parameters:\n" + output);
        }
        return results.subList(results.size() - 2, results.size());
    }

    private boolean clusterReady() {
        try {
            String overview = get("/overview");
            Matcher m = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)").matcher(overview);
            return m.find() && Integer.parseInt(m.group(1)) >= layout.taskManagers();
        } catch (IOException e) {
            return false;
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection)
                        URI.create("http://localhost:" + layout.ports().rest() + path)
                                .toURL()
                                .openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("Timed out after " + seconds + " s waiting for " + what);
    }

    /** The last lines of each process's log and output, for a start that failed. */
    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var files = Files.list(layout.logs())) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                tails.append("--- ").append(file.getFileName()).append(" (last 15 lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(line -> tails.append(line).append('\n'));
            }
        } catch (IOException | RuntimeException e) {
            tails.append("(logs unreadable: ").append(e).append(")\n");
        }
        return tails.toString();
    }

    private void checkLib() throws IOException {
        if (!Files.isDirectory(layout.lib())) {
            throw new IOException(
                    "No cluster jars in "
                            + layout.lib()
                            + "; build them with ./mvnw -q -pl deploy -am package -DskipTests");
        }
    }

    static String taskManager(int i) {
        return "taskmanager-" + i;
    }
}
