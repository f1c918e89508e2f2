package io.frameflow.job.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Throughput and latency over the last minutes, in equal time buckets by the predictions' emit time
 * (not by when they were read: an exactly-once job publishes a checkpoint's predictions at once).
 * Each bucket keeps a count and a fixed-size uniform sample of latencies, so memory does not grow
 * with the rate. Not thread-safe: the view's state guards it.
 */
final class Timeline {

    /** Buckets over the history: the points of a chart. */
    static final int BUCKETS = 60;

    /** Latencies sampled per bucket. */
    static final int SAMPLES = 256;

    /** One bucket: its start, predictions per second, and latency percentiles (-1: none). */
    record Point(long start, int count, double perSecond, long p50, long p99) {}

    /** Latency percentiles over a span; -1 when it had no prediction. */
    record Percentiles(int sampled, long p50, long p99) {}

    private final long bucketMillis;
    private final long historyMillis;
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private final Random random = new Random(42);

    Timeline(Duration history) {
        this.historyMillis = history.toMillis();
        this.bucketMillis = Math.max(1, historyMillis / BUCKETS);
    }

    long bucketMillis() {
        return bucketMillis;
    }

    /** One prediction. Ones older than the history are not charted. */
    void add(long emitMillis, long latencyMillis, long nowMillis) {
        if (emitMillis < nowMillis - historyMillis) {
            return;
        }
        long start = emitMillis - Math.floorMod(emitMillis, bucketMillis);
        buckets.computeIfAbsent(start, s -> new Bucket()).add(latencyMillis, random);
        trim(nowMillis);
    }

    /**
     * The buckets of the history up to the last complete one, oldest first, empty ones included.
     * The bucket in progress is left out: it would always chart as a drop.
     */
    List<Point> points(long nowMillis) {
        trim(nowMillis);
        long last = nowMillis - Math.floorMod(nowMillis, bucketMillis) - bucketMillis;
        List<Point> points = new ArrayList<>(BUCKETS);
        for (long start = last - (BUCKETS - 1) * bucketMillis;
                start <= last;
                start += bucketMillis) {
            Bucket b = buckets.get(start);
            if (b == null) {
                points.add(new Point(start, 0, 0, -1, -1));
            } else {
                long[] sorted = b.sorted();
                points.add(
                        new Point(
                                start,
                                b.count,
                                b.count * 1000.0 / bucketMillis,
                                percentile(sorted, 0.50),
                                percentile(sorted, 0.99)));
            }
        }
        return points;
    }

    /**
     * Latency percentiles over the whole history: each bucket's sampled latencies weigh count /
     * sampled, so a busy bucket counts for more than a quiet one.
     */
    Percentiles percentiles(long nowMillis) {
        trim(nowMillis);
        int n = 0;
        for (Bucket b : buckets.values()) {
            n += b.sampled;
        }
        long[] latencies = new long[n];
        double[] weights = new double[n];
        double total = 0;
        int at = 0;
        for (Bucket b : buckets.values()) {
            double weight = (double) b.count / b.sampled;
            for (int i = 0; i < b.sampled; i++) {
                latencies[at] = b.samples[i];
                weights[at++] = weight;
            }
            total += b.count;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(latencies[x], latencies[y]));
        return new Percentiles(
                n,
                weightedPercentile(order, latencies, weights, total, 0.50),
                weightedPercentile(order, latencies, weights, total, 0.99));
    }

    private static long weightedPercentile(
            Integer[] order, long[] latencies, double[] weights, double total, double q) {
        double cumulative = 0;
        for (Integer i : order) {
            cumulative += weights[i];
            if (cumulative >= q * total) {
                return latencies[i];
            }
        }
        return order.length == 0 ? -1 : latencies[order[order.length - 1]];
    }

    private void trim(long nowMillis) {
        long oldest = nowMillis - historyMillis;
        Iterator<Map.Entry<Long, Bucket>> it = buckets.entrySet().iterator();
        while (it.hasNext() && it.next().getKey() + bucketMillis <= oldest) {
            it.remove();
        }
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** A count and a reservoir sample (Vitter's algorithm R) of latencies. */
    private static final class Bucket {
        private final long[] samples = new long[SAMPLES];
        private int sampled;
        private int count;

        void add(long latency, Random random) {
            count++;
            if (sampled < SAMPLES) {
                samples[sampled++] = latency;
            } else {
                int slot = random.nextInt(count);
                if (slot < SAMPLES) {
                    samples[slot] = latency;
                }
            }
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(samples, sampled);
            Arrays.sort(copy);
            return copy;
        }
    }
}
