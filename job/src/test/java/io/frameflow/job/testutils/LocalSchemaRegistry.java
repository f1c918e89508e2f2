package io.frameflow.job.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real schema registry for the tests: Apicurio Registry, whose distribution Maven Central serves
 * ({@code io.apicurio:apicurio-registry-app:<version>:zip:all}, unpacked by the job's build before
 * the ITCases), started as a child JVM with H2 storage in a temporary folder. Its
 * Confluent-compatible API is at {@link #url()}. Like {@code LocalKafkaBroker}, it can be stopped
 * and started again on the same ports and data, to simulate an outage.
 *
 * <p>{@link #startSecured} adds what production registries have: HTTP basic authentication on the
 * API and an HTTPS port with a self-signed certificate, whose trust store {@link #trustStore()}
 * gives.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    /** The system property naming the unpacked distribution (set by the job's Failsafe). */
    public static final String DIST_PROPERTY = "frameflow.schema-registry.dist";

    /** The password of the generated key and trust store. */
    public static final String STORE_PASSWORD = "registry-test";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String API = "/apis/ccompat/v7";

    private final Path runner;
    private final Path dataDir;
    private final int port;
    private final int httpsPort;
    private final String user;
    private final String password;
    private final Thread killOnExit;
    private Process process;

    private LocalSchemaRegistry(Path runner, Path dataDir, String user, String password) {
        this.runner = runner;
        this.dataDir = dataDir;
        this.port = freePort();
        this.httpsPort = user == null ? -1 : freePort();
        this.user = user;
        this.password = password;
        this.killOnExit = new Thread(this::kill, "kill-schema-registry");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a registry that anyone may use over plain HTTP. */
    public static LocalSchemaRegistry start() {
        return start(null, null);
    }

    /**
     * Starts a registry that requires HTTP basic authentication with this user on its API, and also
     * serves it over HTTPS ({@link #httpsUrl()}, certificate for {@code localhost}).
     */
    public static LocalSchemaRegistry startSecured(String user, String password) {
        return start(user, password);
    }

    private static LocalSchemaRegistry start(String user, String password) {
        try {
            LocalSchemaRegistry registry =
                    new LocalSchemaRegistry(
                            runnerJar(),
                            Files.createTempDirectory("frameflow-schema-registry-"),
                            user,
                            password);
            if (user != null) {
                registry.createKeyStore();
            }
            registry.startProcess();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL of the Confluent-compatible API over HTTP. */
    public String url() {
        return "http://127.0.0.1:" + port + API;
    }

    /** The base URL of the Confluent-compatible API over HTTPS (secured registries only). */
    public String httpsUrl() {
        requireSecured();
        return "https://localhost:" + httpsPort + API;
    }

    /** A PKCS12 store with the HTTPS certificate, password {@link #STORE_PASSWORD}. */
    public Path trustStore() {
        requireSecured();
        return dataDir.resolve("registry.p12");
    }

    /** The registry's log, for failure messages. */
    public Path log() {
        return dataDir.resolve("registry.log");
    }

    /** Stops the registry, keeping its schemas, as an outage would. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }
    }

    /** Starts the registry again after {@link #stop()}, on the same ports and schemas. */
    public synchronized void restart() {
        if (process == null) {
            startProcess();
        }
    }

    /** Stops the registry and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
        deleteRecursively(dataDir);
    }

    private synchronized void startProcess() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small registry: little heap, and the quick JIT tier, which halves its start-up here.
        command.addAll(
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError"));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        // H2 in a file rather than in memory, so that a restart keeps the schemas and their ids.
        command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve("h2/registry"));
        command.add("-Dapicurio.datasource.jdbc.initial-size=2");
        command.add("-Dapicurio.datasource.jdbc.min-size=2");
        if (user != null) {
            command.add("-Dquarkus.http.ssl-port=" + httpsPort);
            command.add("-Dquarkus.http.ssl.certificate.key-store-file=" + trustStore());
            command.add("-Dquarkus.http.ssl.certificate.key-store-password=" + STORE_PASSWORD);
            command.add("-Dquarkus.http.auth.basic=true");
            command.add("-Dquarkus.security.users.embedded.enabled=true");
            command.add("-Dquarkus.security.users.embedded.plain-text=true");
            command.add("-Dquarkus.security.users.embedded.users." + user + "=" + password);
            command.add("-Dquarkus.http.auth.permission.api.paths=" + API + "/*");
            command.add("-Dquarkus.http.auth.permission.api.policy=authenticated");
        }
        command.add("-jar");
        command.add(runner.toString());
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(dataDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        awaitReady();
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The schema registry exited with "
                                + process.exitValue()
                                + ":\n"
                                + logTail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the registry starts", e);
            }
            sleep(200);
        }
        kill();
        throw new IllegalStateException(
                "The schema registry was not ready after " + START_TIMEOUT + ":\n" + logTail());
    }

    private void createKeyStore() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command =
                List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "registry",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        trustStore().toString(),
                        "-storepass",
                        STORE_PASSWORD);
        try {
            Process keytoolRun = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytoolRun.getInputStream().readAllBytes());
            if (keytoolRun.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requireSecured() {
        if (user == null) {
            throw new IllegalStateException("this registry was started without TLS and auth");
        }
    }

    private static Path runnerJar() throws IOException {
        String dist = System.getProperty(DIST_PROPERTY);
        if (dist == null) {
            throw new IllegalStateException(
                    "No schema registry distribution: system property "
                            + DIST_PROPERTY
                            + " is not set. The job module's Maven build unpacks Apicurio Registry"
                            + " (io.apicurio:apicurio-registry-app:zip:all) before its ITCases:"
                            + " run them with ./mvnw -pl job -am verify -Dit.test=...");
        }
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of(dist), "apicurio-registry-app-*-runner.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Reported below.
        }
        throw new IllegalStateException(
                "No apicurio-registry-app-*-runner.jar in "
                        + dist
                        + ": the job module's pre-integration-test phase unpacks it");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
