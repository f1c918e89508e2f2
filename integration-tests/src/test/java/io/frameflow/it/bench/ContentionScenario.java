package io.frameflow.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stream and {@code evaluate} beside a busy neighbour: each program quiet, then with another
 * process keeping one core busy (pinned to it with {@code taskset}), under libgomp's default wait
 * policy (before: idle OpenMP threads spin) and with {@code OMP_WAIT_POLICY=PASSIVE} (after: they
 * sleep). The report gives each run with the hog as a fraction of the same program's quiet run
 * under the same policy.
 */
final class ContentionScenario {

    /** The workload name of these figures; the report keeps them apart from the others. */
    static final String WORKLOAD = "contention";

    static final String QUIET = "quiet";
    static final String HOG = "hog";

    /** The two policies: Frameflow's, and libgomp's default that an unset variable gives. */
    static final List<String> POLICIES = List.of("PASSIVE", "");

    private ContentionScenario() {}

    /** How a figure names the policy libtorch ran with. */
    static String policyNote(String policy) {
        return policy == null || policy.isBlank()
                ? "libgomp default wait policy"
                : "OMP_WAIT_POLICY=" + policy;
    }

    static List<Measurement> run(Path out, Benchmark.Settings settings) throws Exception {
        int frames = settings.quick() ? 600 : 1500;
        Workloads.Workload w = Workloads.fashionMnist(out.resolve(WORKLOAD), frames);
        List<String> common =
                List.of(
                        "--workload", WORKLOAD,
                        "--frames", w.frames().toAbsolutePath().toString(),
                        "--model", w.javaModel(),
                        "--parallelism", String.valueOf(settings.parallelism()),
                        "--default-batch", String.valueOf(settings.defaultBatch()),
                        "--limit", String.valueOf(frames));
        List<Measurement> results = new ArrayList<>();
        for (String policy : POLICIES) {
            // Set empty, the variable keeps libgomp's default; Frameflow only fills it in if unset.
            Map<String, String> env = Map.of("OMP_WAIT_POLICY", policy);
            for (String load : List.of(QUIET, HOG)) {
                Process hog = load.equals(HOG) ? startHog(out) : null;
                try {
                    for (Class<?> program :
                            List.of(EvaluateContestant.class, StreamContestant.class)) {
                        results.addAll(
                                Benchmark.java(
                                        out,
                                        program,
                                        WORKLOAD + "-" + load + "-" + policyName(policy),
                                        common,
                                        env,
                                        "--load",
                                        load));
                    }
                } finally {
                    if (hog != null) {
                        hog.destroyForcibly().waitFor();
                    }
                }
            }
        }
        return results;
    }

    private static String policyName(String policy) {
        return policy.isBlank() ? "default" : policy.toLowerCase(java.util.Locale.ROOT);
    }

    /** Starts the hog, pinned to core 0 where {@code taskset} exists. */
    private static Process startHog(Path out) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            command.addAll(List.of("/usr/bin/taskset", "-c", "0"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(CpuHog.class.getName());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("logs/cpu-hog.log").toFile())
                .start();
    }
}
