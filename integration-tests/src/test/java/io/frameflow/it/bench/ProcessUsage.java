package io.frameflow.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak resident memory of this process, read around a measured window, or sampled
 * through it so that the part a figure covers can be picked out afterwards.
 */
final class ProcessUsage {

    private ProcessUsage() {}

    /** A measured interval: wall time, CPU cores used on average, peak RSS at its end. */
    static final class Window {
        private final long startNanos = System.nanoTime();
        private final long startCpu = cpuNanos();
        private final Timeline timeline;
        private long wallNanos = -1;
        private long cpu;
        private double narrowedCores = Double.NaN;

        private Window(Timeline timeline) {
            this.timeline = timeline;
        }

        /** Ends the window (idempotent). */
        Window stop() {
            if (wallNanos < 0) {
                wallNanos = System.nanoTime() - startNanos;
                cpu = cpuNanos() - startCpu;
                if (timeline != null) {
                    timeline.stop();
                }
            }
            return this;
        }

        /**
         * Counts CPU only between two wall-clock instants inside the window (a sampled window's
         * first and last prediction), leaving out a job's start-up and the commit that ends it.
         */
        Window narrowTo(long fromEpochMillis, long toEpochMillis) {
            stop();
            if (timeline == null) {
                throw new IllegalStateException("only a sampled window can be narrowed");
            }
            narrowedCores = timeline.cores(fromEpochMillis, toEpochMillis);
            return this;
        }

        double seconds() {
            stop();
            return wallNanos / 1e9;
        }

        double cores() {
            stop();
            return Double.isNaN(narrowedCores)
                    ? (double) cpu / Math.max(1, wallNanos)
                    : narrowedCores;
        }

        double peakRssMb() {
            return ProcessUsage.peakRssKb() / 1024.0;
        }
    }

    /** The process's CPU time sampled every {@link #SAMPLE_MILLIS} ms, by wall-clock time. */
    private static final class Timeline {
        private static final long SAMPLE_MILLIS = 20;
        private final List<long[]> samples = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService sampler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "cpu-timeline");
                            t.setDaemon(true);
                            return t;
                        });

        Timeline() {
            sampler.scheduleAtFixedRate(
                    () -> samples.add(new long[] {System.currentTimeMillis(), cpuNanos()}),
                    0,
                    SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }

        void stop() {
            sampler.shutdownNow();
        }

        double cores(long fromMillis, long toMillis) {
            if (toMillis <= fromMillis) {
                return Double.NaN;
            }
            return (cpuAt(toMillis) - cpuAt(fromMillis)) / 1e6 / (toMillis - fromMillis);
        }

        /** CPU nanoseconds at a wall-clock instant, interpolated between the samples around it. */
        private double cpuAt(long millis) {
            long[] before = samples.get(0);
            for (long[] sample : samples) {
                if (sample[0] >= millis) {
                    if (sample[0] == before[0]) {
                        return sample[1];
                    }
                    double f = (double) (millis - before[0]) / (sample[0] - before[0]);
                    return before[1] + f * (sample[1] - before[1]);
                }
                before = sample;
            }
            return before[1];
        }
    }

    static Window start() {
        return new Window(null);
    }

    /** A window that can later be narrowed to an interval inside it ({@link Window#narrowTo}). */
    static Window startSampled() {
        return new Window(new Timeline());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** VmHWM from /proc/self/status: native memory (libtorch) included, unlike the JVM's view. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
