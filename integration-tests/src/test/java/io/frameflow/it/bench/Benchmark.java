package io.frameflow.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end benchmark: every contestant on every workload, side by side in one run, each in
 * its own process (so CPU and peak memory are its own), then {@code results.md}, {@code
 * results.csv}, {@code results.json} and PNG plots. Run from the repository root by {@code
 * ./benchmark [--quick] [--profile] [--out DIR]}. It prints figures and never fails on speed.
 */
public final class Benchmark {

    /** Frame counts, batch sizes and latency-run length of a full or a quick run. */
    record Settings(
            boolean quick,
            int fmnistFrames,
            int heavyFrames,
            String batches,
            int defaultBatch,
            int latencySeconds,
            int drainSeconds,
            int warmUpSeconds,
            int parallelism) {

        static Settings of(boolean quick) {
            int cores = Runtime.getRuntime().availableProcessors();
            return quick
                    // The quick run's goals must agree with the full's: the batch sizes where
                    // the contestants peak in a full run, and streaming jobs that drain for
                    // seconds (a shorter job measures its start), after 30 s of unmeasured jobs.
                    ? new Settings(true, 3000, 192, "16,32", 16, 8, 6, 30, cores)
                    : new Settings(false, 4000, 400, "1,4,8,16,32", 16, 20, 10, 30, cores);
        }
    }

    /** Set by {@code --profile}: the contestants of the workloads run under async-profiler. */
    private static Optional<Profiler> profiler = Optional.empty();

    private Benchmark() {}

    public static void main(String[] argv) throws Exception {
        boolean quick = List.of(argv).contains("--quick");
        int outIndex = List.of(argv).indexOf("--out");
        Path out = Path.of(outIndex >= 0 ? argv[outIndex + 1] : "target/benchmark");
        Settings settings = Settings.of(quick);
        Files.createDirectories(out.resolve("logs"));
        if (List.of(argv).contains("--profile")) {
            profiler = Optional.of(Profiler.extractTo(out));
        }
        long started = System.nanoTime();
        String python = PythonContestant.find();
        List<Workloads.Workload> workloads = new ArrayList<>();
        workloads.add(Workloads.fashionMnist(out, settings.fmnistFrames()));
        Optional<Workloads.Workload> heavy = Workloads.heavy(out, settings.heavyFrames(), python);
        if (heavy.isPresent()) {
            workloads.add(heavy.get());
            Workloads.heavyInt8(out, heavy.get(), python).ifPresent(workloads::add);
        }

        List<Measurement> results = new ArrayList<>();
        for (Workloads.Workload w : workloads) {
            System.out.printf(
                    Locale.ROOT,
                    "%n== %s: %d frames, model %s%n",
                    w.name(),
                    w.count(),
                    w.javaModel());
            List<String> common =
                    List.of(
                            "--workload", w.name(),
                            "--frames", w.frames().toAbsolutePath().toString(),
                            "--model", w.javaModel(),
                            "--parallelism", String.valueOf(settings.parallelism()));
            results.addAll(
                    java(
                            out,
                            DjlLoopContestant.class,
                            w.name(),
                            common,
                            Map.of(),
                            "--batches",
                            settings.batches()));
            if (python != null) {
                results.addAll(PythonContestant.run(python, out, w, settings.batches()));
            } else {
                System.out.println(
                        "python-pytorch skipped: /usr/bin/python3 with torch and PIL not found"
                                + " (apt-get install python3-torch python3-pil)");
            }
            results.addAll(java(out, NaiveFlinkContestant.class, w.name(), common, Map.of()));
            results.addAll(
                    java(
                            out,
                            StreamContestant.class,
                            w.name(),
                            common,
                            Map.of(),
                            "--batches",
                            settings.batches(),
                            "--default-batch",
                            String.valueOf(settings.defaultBatch()),
                            "--seconds",
                            String.valueOf(settings.latencySeconds()),
                            "--latency-dir",
                            out.toAbsolutePath().toString(),
                            "--drain-seconds",
                            String.valueOf(settings.drainSeconds()),
                            "--warm-up-seconds",
                            String.valueOf(settings.warmUpSeconds())));
            results.addAll(
                    java(
                            out,
                            SqlContestant.class,
                            w.name(),
                            common,
                            Map.of(),
                            "--batches",
                            settings.batches(),
                            "--drain-seconds",
                            String.valueOf(settings.drainSeconds()),
                            "--warm-up-seconds",
                            String.valueOf(settings.warmUpSeconds())));
            results.addAll(
                    java(
                            out,
                            BackfillContestant.class,
                            w.name(),
                            common,
                            Map.of(),
                            "--batches",
                            String.valueOf(settings.defaultBatch()),
                            "--output",
                            out.resolve("backfill-" + w.name()).toAbsolutePath().toString()));
        }
        // The contention runs compare throughput with and without a neighbour: never profiled.
        profiler = Optional.empty();
        System.out.printf(
                Locale.ROOT,
                "%n== %s: a CPU hog beside the classifier%n",
                ContentionScenario.WORKLOAD);
        results.addAll(ContentionScenario.run(out, settings));
        double minutes = (System.nanoTime() - started) / 60e9;
        BenchmarkReport.write(out, settings, results, minutes);
        System.out.printf(
                Locale.ROOT,
                "%nbenchmark done in %.1f min: %s%n",
                minutes,
                out.resolve("results.md").toAbsolutePath());
    }

    /**
     * Runs a Java contestant in its own process and returns its figures.
     *
     * @param run names the log file, with the contestant's class
     * @param env variables added to the process's environment
     */
    static List<Measurement> java(
            Path out,
            Class<?> main,
            String run,
            List<String> common,
            Map<String, String> env,
            String... extra)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dai.djl.offline=true");
        command.add("-Xss4m");
        profiler.ifPresent(p -> command.addAll(p.jvmOptions(main.getSimpleName(), run)));
        command.add(
                "-Dlog4j2.configurationFile="
                        + Path.of("job/src/main/resources/log4j2-local.properties")
                                .toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(common);
        command.addAll(List.of(extra));
        return collect(
                command, out.resolve("logs/" + main.getSimpleName() + "-" + run + ".log"), env);
    }

    /** Runs a contestant process, echoes its output and returns its result lines. */
    static List<Measurement> collect(List<String> command, Path log, Map<String, String> env)
            throws Exception {
        System.out.println("-- " + shortName(command) + (env.isEmpty() ? "" : " " + env));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        // A contestant that hangs is killed, which ends the read below.
        process.onExit()
                .orTimeout(15, TimeUnit.MINUTES)
                .exceptionally(
                        timeout -> {
                            process.destroyForcibly();
                            return process;
                        });
        List<Measurement> results = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Measurement m = Measurement.parse(line);
                if (m != null) {
                    results.add(m);
                } else if (line.startsWith("  ")) {
                    System.out.println(line);
                }
            }
        }
        if (process.waitFor() != 0) {
            System.out.printf(
                    "   %s failed (exit %d); its log: %s%n%s%n",
                    shortName(command), process.exitValue(), log, tail(log));
        }
        return results;
    }

    private static String shortName(List<String> command) {
        return command.stream()
                .filter(a -> a.startsWith("io.frameflow") || a.endsWith(".py"))
                .findFirst()
                .map(a -> a.endsWith(".py") ? a : a.substring(a.lastIndexOf('.') + 1))
                .orElse(command.get(0));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
