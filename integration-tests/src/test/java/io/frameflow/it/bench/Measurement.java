package io.frameflow.it.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Locale;

/**
 * One figure of the benchmark: a contestant on a workload at one batch size and offered load.
 * Contestants print it as a {@code RESULT {json}} line; the benchmark collects those lines.
 *
 * @param workload {@code fmnist} or {@code heavy}
 * @param contestant who ran it, e.g. {@code djl-loop-decode}
 * @param load {@code max} for maximum throughput, {@code 50%} / {@code 90%} for a latency run
 * @param batch batch size (1 for per-record contestants)
 * @param frames frames measured
 * @param framesPerSecond throughput over the measured window
 * @param p50Millis latency percentiles, event time to prediction (NaN where not measured)
 * @param p95Millis see p50Millis
 * @param p99Millis see p50Millis
 * @param cpuCores process CPU time over the window divided by its length
 * @param peakRssMb the process's peak resident memory so far
 * @param note settings that matter for reading the figure
 */
public record Measurement(
        String workload,
        String contestant,
        String load,
        int batch,
        long frames,
        double framesPerSecond,
        double p50Millis,
        double p95Millis,
        double p99Millis,
        double cpuCores,
        double peakRssMb,
        String note) {

    static final String PREFIX = "RESULT ";
    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().setLenient().create();

    /** A throughput figure without latencies. */
    static Measurement throughput(
            String workload,
            String contestant,
            int batch,
            long frames,
            double framesPerSecond,
            ProcessUsage.Window usage,
            String note) {
        return new Measurement(
                workload,
                contestant,
                "max",
                batch,
                frames,
                framesPerSecond,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                usage.cores(),
                usage.peakRssMb(),
                note);
    }

    /** Prints this measurement as a result line and a readable line. */
    void print() {
        System.out.println(PREFIX + GSON.toJson(this));
        System.out.printf(
                Locale.ROOT,
                "  %-8s %-22s %-4s batch %2d: %8.1f frames/s  p50/p95/p99 %s ms  cpu %.2f"
                        + " cores  rss %.0f MB%n",
                workload,
                contestant,
                load,
                batch,
                framesPerSecond,
                Double.isNaN(p50Millis)
                        ? "-"
                        : String.format(
                                Locale.ROOT, "%.0f/%.0f/%.0f", p50Millis, p95Millis, p99Millis),
                cpuCores,
                peakRssMb);
        System.out.flush();
    }

    /** Parses a result line, or returns null for any other output line. */
    static Measurement parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        return GSON.fromJson(line.substring(PREFIX.length()), Measurement.class);
    }
}
