package io.frameflow.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts background Java processes with a pid file and a log each, finds them again from their pid
 * files, and stops them: what Flink's and Kafka's start scripts do, in Java.
 */
final class JavaProcesses {

    /**
     * The module opens Flink needs on Java 17, as its distribution's {@code
     * env.java.default-opts.all} sets them for every Flink JVM.
     */
    static final List<String> FLINK_JVM_OPENS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final ClusterLayout layout;

    JavaProcesses(ClusterLayout layout) {
        this.layout = layout;
    }

    /** The running process of a pid file, if any. */
    Optional<ProcessHandle> running(String name) throws IOException {
        Path pidFile = layout.pids().resolve(name + ".pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** Starts {@code java [jvmArgs] -cp lib/* mainClass args} unless it already runs. */
    ProcessHandle start(
            String name,
            List<String> jvmArgs,
            String mainClass,
            List<String> args,
            Map<String, String> env)
            throws IOException {
        Optional<ProcessHandle> existing = running(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Files.createDirectories(layout.pids());
        Files.createDirectories(layout.logs());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLINK_JVM_OPENS);
        command.addAll(jvmArgs);
        command.add("-Dlog.file=" + layout.logs().resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties"));
        command.add("-cp");
        command.add(layout.classpath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(layout.logs().resolve(name + ".out").toFile());
        Process process = builder.start();
        Files.writeString(layout.pids().resolve(name + ".pid"), Long.toString(process.pid()));
        return process.toHandle();
    }

    /** Runs a Java program to its end and returns its output; fails on a non-zero exit. */
    String run(
            List<String> jvmArgs,
            String mainClass,
            List<String> args,
            Map<String, String> env,
            long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLINK_JVM_OPENS);
        command.addAll(jvmArgs);
        command.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties"));
        command.add("-Dlog.file=" + layout.logs().resolve("client.log"));
        command.add("-cp");
        command.add(layout.classpath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(mainClass + " did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(
                    mainClass
                            + " "
                            + args
                            + " failed (exit "
                            + process.exitValue()
                            + "):\n"
                            + text);
        }
        return text;
    }

    /** Stops a process (SIGTERM, then SIGKILL after 30 s) and removes its pid file. */
    boolean stop(String name) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = running(name);
        if (process.isPresent()) {
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
        Files.deleteIfExists(layout.pids().resolve(name + ".pid"));
        return process.isPresent();
    }
}
