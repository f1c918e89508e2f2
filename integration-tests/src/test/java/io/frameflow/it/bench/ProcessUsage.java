package io.frameflow.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and peak resident memory of this process, read around a measured window. */
final class ProcessUsage {

    private ProcessUsage() {}

    /** A measured interval: wall time, CPU cores used on average, peak RSS at its end. */
    static final class Window {
        private final long startNanos = System.nanoTime();
        private final long startCpu = cpuNanos();
        private long wallNanos = -1;
        private long cpu;

        /** Ends the window (idempotent). */
        Window stop() {
            if (wallNanos < 0) {
                wallNanos = System.nanoTime() - startNanos;
                cpu = cpuNanos() - startCpu;
            }
            return this;
        }

        double seconds() {
            stop();
            return wallNanos / 1e9;
        }

        double cores() {
            stop();
            return (double) cpu / Math.max(1, wallNanos);
        }

        double peakRssMb() {
            return ProcessUsage.peakRssKb() / 1024.0;
        }
    }

    static Window start() {
        return new Window();
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
