package io.frameflow.job.backfill;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.FrameflowConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a backfill: enumerates the inputs, skips what is already classified when asked, runs the
 * BATCH job with a progress line (from the job's accumulators), and writes the report.
 */
public final class BackfillRunner {

    /**
     * What a run did.
     *
     * @param found images the inputs hold
     * @param skipped images skipped because the output already had them
     * @param seconds wall time of the job
     * @param summary the report's figures (over the whole output, earlier runs included)
     * @param reportDir where the report was written
     */
    public record Result(
            long found,
            long skipped,
            double seconds,
            BackfillReport.Summary summary,
            java.nio.file.Path reportDir) {}

    private final FrameflowConfig config;
    private final PrintWriter out;

    public BackfillRunner(FrameflowConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Runs the backfill on an environment (a local one, or the cluster's under flink run). */
    public Result run(
            StreamExecutionEnvironment env, UnaryOperator<DataStream<ImageEvent>> afterRead)
            throws Exception {
        String output = config.get(BackfillOptions.OUTPUT);
        InputEnumerator enumerator =
                new InputEnumerator(
                        config.get(BackfillOptions.INCLUDE),
                        config.get(BackfillOptions.EXCLUDE),
                        "folders".equals(config.get(BackfillOptions.LABELS)),
                        csvLabels(config.get(BackfillOptions.LABELS)));
        List<BackfillItem> items = enumerator.enumerate(config.get(BackfillOptions.INPUTS));
        long found = items.stream().mapToLong(i -> i.images).sum();
        Set<String> done =
                config.get(BackfillOptions.SKIP_EXISTING) ? classified(output) : Set.of();
        long total = Math.max(0, found - done.size());
        out.printf(
                Locale.ROOT,
                "found %,d images in %,d inputs%s%n",
                found,
                items.size(),
                done.isEmpty()
                        ? ""
                        : String.format(Locale.ROOT, ", %,d already classified", done.size()));
        out.flush();

        BackfillPipeline.build(env, config, items, done, afterRead);
        long start = System.nanoTime();
        JobClient job =
                env.executeAsync(
                        "Frameflow backfill "
                                + String.join(";", config.get(BackfillOptions.INPUTS)));
        var result = job.getJobExecutionResult();
        while (!result.isDone()) {
            Thread.sleep(1_000);
            if (!result.isDone()) {
                progress(job, total, start);
            }
        }
        result.get(); // a failed job throws here
        double seconds = (System.nanoTime() - start) / 1e9;
        java.nio.file.Path reportDir = reportDir(output);
        BackfillReport.Summary summary = BackfillReport.write(output, reportDir);
        out.printf(
                Locale.ROOT,
                "%nbackfill done in %.1f s: %,d classified, %,d dead letters%s; report in %s%n",
                seconds,
                summary.predictions(),
                summary.deadLetters(),
                summary.labelled() > 0
                        ? String.format(
                                Locale.ROOT,
                                ", accuracy %.4f on %,d labelled",
                                summary.accuracy(),
                                summary.labelled())
                        : "",
                reportDir.resolve("report.md"));
        out.flush();
        return new Result(found, done.size(), seconds, summary, reportDir);
    }

    private void progress(JobClient job, long total, long start) {
        try {
            Map<String, Object> acc = job.getAccumulators().get();
            long classified = number(acc.get(BackfillPipeline.CLASSIFIED));
            long failed = number(acc.get(BackfillPipeline.FAILED));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double rate = (classified + failed) / Math.max(0.001, elapsed);
            long left = Math.max(0, total - classified - failed);
            out.printf(
                    Locale.ROOT,
                    "\rfound %,d  classified %,d  failed %,d  %.1f images/s  ETA %s   ",
                    total,
                    classified,
                    failed,
                    rate,
                    rate > 0 ? Math.round(left / rate) + " s" : "?");
            out.flush();
        } catch (Exception e) {
            // The job may finish between the check and the request; the next round tells.
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The ids already in the output's predictions. */
    static Set<String> classified(String output) throws IOException {
        Set<String> ids = new HashSet<>();
        BackfillReport.forEachLine(
                output,
                BackfillPipeline.PREDICTIONS_DIR,
                p -> ids.add(p.get("eventId").getAsString()));
        return ids;
    }

    /** {@code path,label} lines of a CSV, when the labels option names one. */
    static Map<String, String> csvLabels(String labels) throws IOException {
        if (labels.equals("none") || labels.equals("folders")) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        Path csv = new Path(labels);
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                csv.getFileSystem().open(csv), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int comma = line.lastIndexOf(',');
                if (comma > 0 && !line.startsWith("#")) {
                    map.put(line.substring(0, comma).strip(), line.substring(comma + 1).strip());
                }
            }
        }
        return map;
    }

    /** The report goes beside a local output, or into ./backfill-report for a remote one. */
    static java.nio.file.Path reportDir(String output) {
        Path path = new Path(output);
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file")
                ? java.nio.file.Path.of(path.toUri().getPath()).resolve("report")
                : java.nio.file.Path.of("backfill-report");
    }
}
