package io.frameflow.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code ./benchmark --profile}: each Java contestant's process runs with async-profiler as an
 * agent, sampling CPU time in Java and native frames (libtorch, libgomp, the JIT), and writes an
 * HTML flame graph beside its log, {@code profiles/<contestant>-<workload>.html}. The agent comes
 * from Maven Central ({@code tools.profiler:async-profiler}, linux-x64), found on the classpath. It
 * samples with {@code itimer}, which needs no perf_events permission (containers and VMs often
 * refuse those).
 */
final class Profiler {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    /** Samples per second of CPU time: 100, light enough not to move the figures much. */
    private static final String INTERVAL_NANOS = "10000000";

    private final Path library;
    private final Path profiles;

    private Profiler(Path library, Path profiles) {
        this.library = library;
        this.profiles = profiles;
    }

    /** Extracts the agent under {@code out}; fails saying why where it cannot run. */
    static Profiler extractTo(Path out) {
        String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        if (!os.equals("Linux/amd64")) {
            throw new IllegalStateException(
                    "--profile needs Linux on x86-64 (async-profiler's linux-x64 build); this is "
                            + os);
        }
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException(
                        LIBRARY
                                + " is not on the classpath: the build resolves"
                                + " tools.profiler:async-profiler:linux-x64 (run ./benchmark"
                                + " without FRAMEFLOW_SKIP_BUILD)");
            }
            Path library = out.resolve("profiler/libasyncProfiler.so");
            Files.createDirectories(library.getParent());
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return new Profiler(library, Files.createDirectories(out.resolve("profiles")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM option that profiles a contestant's process from start to exit. */
    List<String> jvmOptions(String contestant, String run) {
        Path file = profiles.resolve(contestant + "-" + run + ".html");
        return List.of(
                "-agentpath:"
                        + library.toAbsolutePath()
                        + "=start,event=itimer,interval="
                        + INTERVAL_NANOS
                        + ",file="
                        + file.toAbsolutePath());
    }
}
