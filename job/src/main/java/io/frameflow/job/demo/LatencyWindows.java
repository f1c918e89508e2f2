package io.frameflow.job.demo;

import java.time.Duration;
import java.util.Arrays;

/**
 * End-to-end latencies split in event time at the end of the start-up window: frames produced in
 * the first seconds meet a job that has just started (connections, first fetches, JIT), the ones
 * after show its steady state. Each side keeps its latest {@link #KEPT} latencies (a ring), so
 * memory stays fixed however long the demo runs. Not thread-safe: the monitor guards it.
 */
final class LatencyWindows {

    /** Latencies kept per window. */
    static final int KEPT = 20_000;

    private final Window startup = new Window();
    private final Window steady = new Window();
    private long boundaryMillis = Long.MAX_VALUE;
    private Duration startupWindow = Duration.ZERO;

    /** Producing began: frames produced within {@code window} of it count as start-up. */
    void producingStarted(long epochMillis, Duration window) {
        boundaryMillis = epochMillis + window.toMillis();
        startupWindow = window;
    }

    void add(long eventTimeMillis, long latencyMillis) {
        (eventTimeMillis < boundaryMillis ? startup : steady).add(latencyMillis);
    }

    LatencyPercentiles startup() {
        return startup.percentiles();
    }

    LatencyPercentiles steady() {
        return steady.percentiles();
    }

    Duration startupWindow() {
        return startupWindow;
    }

    private static final class Window {
        private final long[] ring = new long[KEPT];
        private long count;
        private long max = -1;

        void add(long latency) {
            ring[(int) (count % KEPT)] = latency;
            count++;
            max = Math.max(max, latency);
        }

        LatencyPercentiles percentiles() {
            int n = (int) Math.min(count, KEPT);
            if (n == 0) {
                return LatencyPercentiles.NONE;
            }
            long[] sorted = Arrays.copyOf(ring, n);
            Arrays.sort(sorted);
            return new LatencyPercentiles(
                    count, sorted[n / 2], sorted[Math.min(n - 1, (int) (n * 0.99))], max);
        }
    }
}
