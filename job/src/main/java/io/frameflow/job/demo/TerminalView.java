package io.frameflow.job.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link DemoStats}: redrawn in place like {@code top} on a terminal, or one status line at
 * a time when there is none (headless runs, logs).
 */
final class TerminalView {

    private static final String CLEAR = "\033[H\033[2J";

    private final PrintWriter out;
    private final boolean inPlace;

    TerminalView(PrintWriter out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    void show(DemoStats s, String header, long elapsedSeconds) {
        if (!inPlace) {
            out.printf(
                    Locale.ROOT,
                    "[%4ds] produced %d, predictions %d, dead letters %d, accuracy %.4f, %.1f"
                            + " frames/s, %s, batch %.1f%n",
                    elapsedSeconds,
                    s.produced(),
                    s.predictions(),
                    s.deadLetterTotal(),
                    s.accuracy(),
                    s.framesPerSecond(),
                    latency(s),
                    s.meanBatchSize());
            out.flush();
            return;
        }
        StringBuilder b = new StringBuilder(CLEAR);
        b.append(header).append('\n');
        b.append(
                String.format(
                        Locale.ROOT,
                        "elapsed %ds   produced %d (%d damaged)   predictions %d   dead letters"
                                + " %d%n",
                        elapsedSeconds,
                        s.produced(),
                        s.damaged(),
                        s.predictions(),
                        s.deadLetterTotal()));
        b.append(
                String.format(
                        Locale.ROOT,
                        "accuracy %.4f   %.1f frames/s   %s   mean batch %.1f%n",
                        s.accuracy(),
                        s.framesPerSecond(),
                        latency(s),
                        s.meanBatchSize()));
        b.append("dead letters by stage: ").append(stages(s.deadLetters())).append("\n\n");
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %-14s %-14s %s%n",
                        "camera",
                        "true label",
                        "predicted",
                        "probability"));
        for (DemoStats.RecentPrediction p : s.recent()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s %-14s %-14s %.3f%s%n",
                            p.camera(),
                            p.truth(),
                            p.predicted(),
                            p.probability(),
                            p.truth().equals(p.predicted()) ? "" : "   x"));
        }
        b.append("\nCtrl-C stops the demo.\n");
        out.print(b);
        out.flush();
    }

    /** The closing summary; the {@code SUMMARY} line is meant for scripts. */
    void summary(DemoStats s, double seconds) {
        out.printf(Locale.ROOT, "%n=== Frameflow demo summary ===%n");
        out.printf(
                Locale.ROOT,
                "frames produced: %d (%d damaged on purpose)%n",
                s.produced(),
                s.damaged());
        out.printf(Locale.ROOT, "predictions:     %d%n", s.predictions());
        out.printf(
                Locale.ROOT,
                "dead letters:    %d %s%n",
                s.deadLetterTotal(),
                stages(s.deadLetters()));
        out.printf(
                Locale.ROOT,
                "accuracy:        %.4f on %d labelled frames%n",
                s.accuracy(),
                s.labelled());
        long startup = s.startupWindow().toSeconds();
        out.printf(
                Locale.ROOT,
                "latency:         steady state (frames produced from %d s after producing began"
                        + " to the end, %d frames): p50 %d ms, p99 %d ms%n",
                startup,
                s.steadyLatency().count(),
                s.steadyLatency().p50(),
                s.steadyLatency().p99());
        out.printf(
                Locale.ROOT,
                "                 start-up (frames produced in the first %d s, %d frames): p50 %d"
                        + " ms, p99 %d ms, max %d ms%n",
                startup,
                s.startupLatency().count(),
                s.startupLatency().p50(),
                s.startupLatency().p99(),
                s.startupLatency().max());
        out.printf(
                Locale.ROOT,
                "reconciled:      %s%n",
                s.reconciled() ? "yes, produced = predictions + dead letters" : "NO");
        out.printf(
                Locale.ROOT,
                "SUMMARY produced=%d damaged=%d predictions=%d deadLetters=%d labelled=%d"
                        + " correct=%d accuracy=%.4f p50=%d p99=%d steadyFrames=%d"
                        + " startupSeconds=%d startupP50=%d startupP99=%d startupMax=%d"
                        + " startupFrames=%d seconds=%.1f reconciled=%s%n",
                s.produced(),
                s.damaged(),
                s.predictions(),
                s.deadLetterTotal(),
                s.labelled(),
                s.correct(),
                s.accuracy(),
                s.steadyLatency().p50(),
                s.steadyLatency().p99(),
                s.steadyLatency().count(),
                startup,
                s.startupLatency().p50(),
                s.startupLatency().p99(),
                s.startupLatency().max(),
                s.startupLatency().count(),
                seconds,
                s.reconciled());
        out.flush();
    }

    /** The latency to show live: the steady state's once there is one, else the start-up's. */
    private static String latency(DemoStats s) {
        boolean steady = s.steadyLatency().count() > 0;
        LatencyPercentiles p = steady ? s.steadyLatency() : s.startupLatency();
        return String.format(
                Locale.ROOT,
                "latency p50 %d ms, p99 %d ms (%s)",
                p.p50(),
                p.p99(),
                steady ? "steady state" : "start-up");
    }

    private static String stages(Map<String, Long> byStage) {
        return byStage.isEmpty() ? "(none)" : byStage.toString();
    }
}
