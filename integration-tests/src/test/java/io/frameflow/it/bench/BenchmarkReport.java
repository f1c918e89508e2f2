package io.frameflow.it.bench;

import com.google.gson.GsonBuilder;
import io.frameflow.job.backfill.Charts;
import io.frameflow.operators.classify.ClassifierOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Writes the benchmark's results: results.md with the goal ratios, CSV, JSON and PNG plots. */
final class BenchmarkReport {

    static final String STREAM = "frameflow-stream";
    static final String SQL = "frameflow-sql";
    static final String DJL_DECODE = "djl-loop-decode";
    static final String DJL_INFERENCE = "djl-loop-inference";
    static final String PYTHON = "python-pytorch";
    static final String PYTHON_DECODE = "python-pytorch-decode";
    static final String NAIVE = "naive-flink-map";
    static final String EVALUATE = "evaluate";
    static final String HEAVY = "heavy";
    static final String HEAVY_INT8 = "heavy-int8";

    private BenchmarkReport() {}

    static void write(
            Path out, Benchmark.Settings settings, List<Measurement> results, double minutes)
            throws IOException {
        Files.writeString(
                out.resolve("results.json"),
                new GsonBuilder()
                        .serializeSpecialFloatingPointValues()
                        .setPrettyPrinting()
                        .create()
                        .toJson(Map.of("settings", settings, "results", results)));
        writeCsv(out.resolve("results.csv"), results);
        List<String> workloads =
                results.stream()
                        .map(Measurement::workload)
                        .filter(w -> !w.equals(ContentionScenario.WORKLOAD))
                        .distinct()
                        .toList();
        StringBuilder md = new StringBuilder();
        md.append("# Frameflow benchmark\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%s run of %s, %.1f minutes, on %s. Every contestant ran in its own"
                                + " process, one after another, parallelism %d; frames/s are from"
                                + " the first to the last prediction of each measurement.%n%n",
                        settings.quick() ? "Quick" : "Full",
                        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        minutes,
                        machine(),
                        settings.parallelism()));
        md.append(
                "## Goals\n\n"
                        + "| workload | goal | measured | target | met |\n"
                        + "|---|---|---:|---:|---|\n");
        for (String w : workloads) {
            goals(md, settings, results, w);
        }
        contentionGoals(md, results);
        md.append(
                "\n## Maximum throughput (each contestant at its best batch size)\n\n"
                        + "| workload | contestant | frames/s | batch | CPU cores | peak RSS MB |"
                        + " note |\n|---|---|---:|---:|---:|---:|---|\n");
        for (String w : workloads) {
            for (String c : contestants(results, w)) {
                best(results, w, c)
                        .ifPresent(
                                m ->
                                        md.append(
                                                String.format(
                                                        Locale.ROOT,
                                                        "| %s | %s | %.1f | %d | %.2f | %.0f | %s"
                                                                + " |%n",
                                                        w,
                                                        c,
                                                        m.framesPerSecond(),
                                                        m.batch(),
                                                        m.cpuCores(),
                                                        m.peakRssMb(),
                                                        m.note())));
            }
        }
        variants(md, results, workloads);
        for (String w : workloads) {
            sweep(md, results, w);
        }
        md.append(
                "\n## Latency, event time to prediction emitted\n\n| workload | load | offered"
                        + " frames/s | frames | p50 ms | p95 ms | p99 ms | CPU cores | peak RSS"
                        + " MB | note |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : results) {
            if (!m.load().equals("max") && !m.workload().equals(ContentionScenario.WORKLOAD)) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %.1f | %d | %.0f | %.0f | %.0f | %.2f | %.0f | %s |%n",
                                m.workload(),
                                m.load(),
                                m.framesPerSecond(),
                                m.frames(),
                                m.p50Millis(),
                                m.p95Millis(),
                                m.p99Millis(),
                                m.cpuCores(),
                                m.peakRssMb(),
                                m.note()));
            }
        }
        contention(md, results);
        md.append("\n## Plots\n\n");
        for (String w : workloads) {
            plots(out, results, w, md);
        }
        Files.writeString(out.resolve("results.md"), md);
    }

    private static void goals(
            StringBuilder md, Benchmark.Settings settings, List<Measurement> results, String w) {
        double stream = fps(results, w, STREAM);
        ratio(
                md,
                w,
                "stream / plain DJL loop with decode",
                stream,
                fps(results, w, DJL_DECODE),
                0.9);
        ratio(
                md,
                w,
                "stream / Python PyTorch, whole per-frame work",
                stream,
                fps(results, w, PYTHON_DECODE),
                1.0);
        if (w.equals(HEAVY)) {
            ratio(
                    md,
                    w,
                    "stream / Python PyTorch, inference only",
                    stream,
                    fps(results, w, PYTHON),
                    1.0);
        } else if (w.equals(HEAVY_INT8)) {
            // The heavy goal lets the stream run the int8 build against Python's best float.
            ratio(
                    md,
                    w,
                    "int8 stream / Python PyTorch float inference only (heavy)",
                    stream,
                    fps(results, HEAVY, PYTHON),
                    1.0);
        }
        ratio(md, w, "stream / naive Flink map", stream, fps(results, w, NAIVE), 1.5);
        ratio(md, w, "SQL / DataStream stream", fps(results, w, SQL), stream, 0.8);
        Optional<Measurement> inference = at(results, w, DJL_INFERENCE, settings.defaultBatch());
        Optional<Measurement> half =
                results.stream()
                        .filter(m -> m.workload().equals(w) && m.load().equals("50%"))
                        .findFirst();
        if (inference.isPresent() && half.isPresent()) {
            double batchMillis =
                    1000.0 * settings.defaultBatch() / inference.get().framesPerSecond();
            double bound = ClassifierOptions.DEFAULT_MAX_WAIT.toMillis() + 2 * batchMillis;
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | p99 at 50%% load ≤ max wait %d ms + 2 × batch-%d inference"
                                    + " (%.1f ms) | %.0f ms | ≤ %.1f ms | %s |%n",
                            w,
                            ClassifierOptions.DEFAULT_MAX_WAIT.toMillis(),
                            settings.defaultBatch(),
                            batchMillis,
                            half.get().p99Millis(),
                            bound,
                            half.get().p99Millis() <= bound ? "yes" : "**no**"));
        }
    }

    /**
     * What each stream setting buys: the stream at the default batch size with one setting changed,
     * each variant's best of its rounds beside the default's, measured in turn in the same process.
     */
    private static void variants(StringBuilder md, List<Measurement> results, List<String> ws) {
        String prefix = STREAM + " (";
        String base = StreamContestant.Variant.DEFAULT.contestant();
        if (results.stream().noneMatch(m -> m.contestant().equals(base))) {
            return;
        }
        md.append(
                "\n## A/B: the stream with one setting changed (default batch size, best of "
                        + StreamContestant.VARIANT_ROUNDS
                        + " rounds taken in turn)\n\n"
                        + "| workload | stream | frames/s | / default | CPU cores |\n"
                        + "|---|---|---:|---:|---:|\n");
        for (String w : ws) {
            Optional<Measurement> defaults = best(results, w, base);
            if (defaults.isEmpty()) {
                continue;
            }
            results.stream()
                    .filter(m -> m.workload().equals(w) && m.contestant().startsWith(prefix))
                    .map(Measurement::contestant)
                    .distinct()
                    .map(c -> best(results, w, c).orElseThrow())
                    .forEach(
                            m ->
                                    md.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    "| %s | %s | %.1f | %.2f× | %.2f |%n",
                                                    w,
                                                    m.contestant(),
                                                    m.framesPerSecond(),
                                                    m.framesPerSecond()
                                                            / defaults.get().framesPerSecond(),
                                                    m.cpuCores())));
        }
    }

    /** Under contention, with Frameflow's wait policy: each program's hog run / its quiet run. */
    private static void contentionGoals(StringBuilder md, List<Measurement> results) {
        for (String program : List.of(STREAM, EVALUATE)) {
            String policy = ContentionScenario.policyNote(ContentionScenario.POLICIES.get(0));
            ratio(
                    md,
                    ContentionScenario.WORKLOAD,
                    program + " with a CPU hog / quiet, " + policy,
                    contention(results, program, ContentionScenario.HOG, policy),
                    contention(results, program, ContentionScenario.QUIET, policy),
                    0.4);
        }
    }

    /** The contention table: every program, policy and load, with the fraction of quiet. */
    private static void contention(StringBuilder md, List<Measurement> results) {
        if (results.stream().noneMatch(m -> m.workload().equals(ContentionScenario.WORKLOAD))) {
            return;
        }
        md.append(
                "\n## Under contention: one other process keeps a core busy\n\n"
                        + "| program | OpenMP wait policy | quiet frames/s | with the hog frames/s"
                        + " | fraction of quiet |\n|---|---|---:|---:|---:|\n");
        for (String program : List.of(STREAM, EVALUATE)) {
            for (String raw : ContentionScenario.POLICIES) {
                String policy = ContentionScenario.policyNote(raw);
                double quiet = contention(results, program, ContentionScenario.QUIET, policy);
                double hog = contention(results, program, ContentionScenario.HOG, policy);
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %.1f | %.1f | %.2f |%n",
                                program,
                                policy,
                                quiet,
                                hog,
                                hog / quiet));
            }
        }
    }

    private static double contention(
            List<Measurement> results, String program, String load, String policy) {
        return results.stream()
                .filter(
                        m ->
                                m.workload().equals(ContentionScenario.WORKLOAD)
                                        && m.contestant().equals(program)
                                        && m.load().equals(load)
                                        && m.note().startsWith(policy))
                .mapToDouble(Measurement::framesPerSecond)
                .findFirst()
                .orElse(Double.NaN);
    }

    private static void ratio(
            StringBuilder md, String w, String goal, double a, double b, double target) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            md.append(String.format("| %s | %s | not measured | %.1f× | - |%n", w, goal, target));
            return;
        }
        double r = a / b;
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s | %s (%.1f / %.1f frames/s) | %.2f× | ≥ %.1f× | %s |%n",
                        w,
                        goal,
                        a,
                        b,
                        r,
                        target,
                        r >= target ? "yes" : "**no**"));
    }

    private static void sweep(StringBuilder md, List<Measurement> results, String w) {
        List<String> contestants = contestants(results, w);
        TreeSet<Integer> batches = new TreeSet<>();
        results.stream()
                .filter(m -> m.workload().equals(w) && m.load().equals("max"))
                .forEach(m -> batches.add(m.batch()));
        md.append("\n## Batch-size sweep, ").append(w).append(" (frames/s)\n\n| batch |");
        contestants.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---:|").append("---:|".repeat(contestants.size())).append('\n');
        for (int batch : batches) {
            md.append("| ").append(batch).append(" |");
            for (String c : contestants) {
                md.append(
                        at(results, w, c, batch)
                                .map(
                                        m ->
                                                String.format(
                                                        Locale.ROOT,
                                                        " %.1f |",
                                                        m.framesPerSecond()))
                                .orElse(" |"));
            }
            md.append('\n');
        }
    }

    private static void plots(Path out, List<Measurement> results, String w, StringBuilder md)
            throws IOException {
        List<String> contestants = contestants(results, w);
        double[] best = contestants.stream().mapToDouble(c -> fps(results, w, c)).toArray();
        String bars = "throughput-" + w + ".png";
        Charts.bars("Maximum throughput, " + w, "frames/s", contestants, best, out.resolve(bars));
        Map<String, double[][]> sweep = new LinkedHashMap<>();
        for (String c : contestants) {
            List<Measurement> points =
                    throughputs(results, w, c)
                            .sorted(Comparator.comparingInt(Measurement::batch))
                            .toList();
            if (points.size() > 1) {
                sweep.put(
                        c,
                        new double[][] {
                            points.stream().mapToDouble(Measurement::batch).toArray(),
                            points.stream().mapToDouble(Measurement::framesPerSecond).toArray()
                        });
            }
        }
        md.append("![throughput ").append(w).append("](").append(bars).append(")\n");
        if (!sweep.isEmpty()) {
            String file = "batch-sweep-" + w + ".png";
            Charts.lines(
                    "Throughput vs batch size, " + w,
                    "batch size",
                    "frames/s",
                    sweep,
                    out.resolve(file));
            md.append("![batch sweep ").append(w).append("](").append(file).append(")\n");
        }
        Map<String, double[][]> cdf = new LinkedHashMap<>();
        for (String load : List.of("50", "90")) {
            Path file = out.resolve("latency-" + w + "-" + load + ".txt");
            if (Files.exists(file)) {
                double[] ms =
                        Files.readAllLines(file).stream()
                                .mapToDouble(Double::parseDouble)
                                .toArray();
                double[] fraction = new double[ms.length];
                for (int i = 0; i < ms.length; i++) {
                    fraction[i] = (i + 1.0) / ms.length;
                }
                cdf.put(load + "% load", new double[][] {ms, fraction});
            }
        }
        if (!cdf.isEmpty()) {
            String file = "latency-cdf-" + w + ".png";
            Charts.lines(
                    "Latency CDF, " + w,
                    "ms, event time to prediction",
                    "fraction",
                    cdf,
                    out.resolve(file));
            md.append("![latency CDF ").append(w).append("](").append(file).append(")\n");
        }
    }

    private static void writeCsv(Path file, List<Measurement> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(
                "workload,contestant,load,batch,frames,frames_per_second,p50_ms,p95_ms,p99_ms,"
                        + "cpu_cores,peak_rss_mb,note");
        for (Measurement m : results) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%s,%d,%d,%.2f,%.1f,%.1f,%.1f,%.3f,%.1f,\"%s\"",
                            m.workload(),
                            m.contestant(),
                            m.load(),
                            m.batch(),
                            m.frames(),
                            m.framesPerSecond(),
                            m.p50Millis(),
                            m.p95Millis(),
                            m.p99Millis(),
                            m.cpuCores(),
                            m.peakRssMb(),
                            m.note().replace("\"", "'")));
        }
        Files.write(file, lines);
    }

    private static List<String> contestants(List<Measurement> results, String w) {
        return results.stream()
                .filter(m -> m.workload().equals(w))
                .map(Measurement::contestant)
                .distinct()
                .toList();
    }

    /** A contestant's maximum-throughput figures on a workload, one per batch size. */
    private static Stream<Measurement> throughputs(List<Measurement> results, String w, String c) {
        return results.stream()
                .filter(
                        m ->
                                m.workload().equals(w)
                                        && m.contestant().equals(c)
                                        && m.load().equals("max"));
    }

    private static Optional<Measurement> best(List<Measurement> results, String w, String c) {
        return throughputs(results, w, c)
                .max(Comparator.comparingDouble(Measurement::framesPerSecond));
    }

    private static Optional<Measurement> at(
            List<Measurement> results, String w, String c, int batch) {
        return throughputs(results, w, c).filter(m -> m.batch() == batch).findFirst();
    }

    private static double fps(List<Measurement> results, String w, String c) {
        return best(results, w, c).map(Measurement::framesPerSecond).orElse(Double.NaN);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu =
                    Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                            .filter(l -> l.startsWith("model name"))
                            .findFirst()
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .orElse(cpu);
        } catch (IOException e) {
            // not Linux: the core count still says enough
        }
        return String.format(
                Locale.ROOT,
                "%d cores (%s), Java %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.version"));
    }
}
