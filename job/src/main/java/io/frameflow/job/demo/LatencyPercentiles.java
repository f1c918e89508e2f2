package io.frameflow.job.demo;

/**
 * End-to-end latency percentiles of a set of predictions.
 *
 * @param count predictions in the set
 * @param p50 median, milliseconds; -1 when the set is empty
 * @param p99 99th percentile, milliseconds; -1 when empty
 * @param max largest, milliseconds; -1 when empty
 */
public record LatencyPercentiles(long count, long p50, long p99, long max) {

    /** The percentiles of no prediction. */
    public static final LatencyPercentiles NONE = new LatencyPercentiles(0, -1, -1, -1);
}
