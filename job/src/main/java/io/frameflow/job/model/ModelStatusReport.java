package io.frameflow.job.model;

import io.frameflow.event.ModelInForce;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.operators.control.ModelDescriptors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stream job runs, from its status events: the latest run of the job (by job id: a restart
 * from a savepoint is a new run), the models in force on each of its classify subtasks, and its
 * latest refusals.
 */
public final class ModelStatusReport {

    /** Refusals listed at most. */
    static final int REFUSALS = 5;

    private ModelStatusReport() {}

    /** The report as text; a line saying so when there are no status events. */
    public static String render(List<ModelStatus> statuses) {
        if (statuses.isEmpty()) {
            return "No model status events yet: is the stream job running, with this status"
                    + " topic?\n";
        }
        ModelStatus newest =
                statuses.stream().max(Comparator.comparingLong(ModelStatus::getTime)).orElseThrow();
        List<ModelStatus> run =
                statuses.stream().filter(s -> s.getJobId().equals(newest.getJobId())).toList();
        Map<Integer, ModelStatus> latest = new TreeMap<>();
        for (ModelStatus s : run) {
            if (s.getSubtask() < newest.getParallelism()) {
                latest.merge(s.getSubtask(), s, (a, b) -> b.getTime() >= a.getTime() ? b : a);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Job '%s' (%s), %d classify subtasks, latest event %s%n%n",
                        newest.getJobName(),
                        newest.getJobId(),
                        newest.getParallelism(),
                        Instant.ofEpochMilli(newest.getTime())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"subtask", "active", "canary", "shadow", "latest event"});
        for (ModelStatus s : latest.values()) {
            rows.add(
                    new String[] {
                        Integer.toString(s.getSubtask()),
                        name(s.getActive()),
                        s.getCanary() == null
                                ? "-"
                                : name(s.getCanary())
                                        + " "
                                        + ModelDescriptors.percent(s.getCanaryPercent())
                                        + "%",
                        s.getShadow() == null ? "-" : name(s.getShadow()),
                        event(s)
                    });
        }
        table(rows, out);
        List<ModelStatus> refusals =
                run.stream()
                        .filter(s -> s.getKind() == ModelStatusKind.REFUSED)
                        .sorted(Comparator.comparingLong(ModelStatus::getTime).reversed())
                        .limit(REFUSALS)
                        .toList();
        if (!refusals.isEmpty()) {
            out.append(String.format("%nRefused (latest first):%n"));
            for (ModelStatus s : refusals) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %s subtask %d, descriptor %s: %s%n",
                                Instant.ofEpochMilli(s.getTime()),
                                s.getSubtask(),
                                s.getDescriptorId(),
                                s.getReason()));
            }
        }
        return out.toString();
    }

    private static String name(ModelInForce model) {
        return model.getModelId() + "@" + model.getVersion();
    }

    private static String event(ModelStatus s) {
        String when = Instant.ofEpochMilli(s.getTime()).toString();
        if (s.getKind() == ModelStatusKind.APPLIED && s.getLoadMillis() != null) {
            return String.format(
                    Locale.ROOT,
                    "APPLIED %s (loaded in %d ms, paused %.1f ms)",
                    when,
                    s.getLoadMillis(),
                    s.getSwapMicros() == null ? 0.0 : s.getSwapMicros() / 1000.0);
        }
        return s.getKind() + " " + when;
    }

    private static void table(List<String[]> rows, StringBuilder out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
