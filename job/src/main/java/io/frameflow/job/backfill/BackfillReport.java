package io.frameflow.job.backfill;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The run report of a backfill, computed from its committed output files: counts, images per second
 * over the run, latency histogram, label distribution and, where there is ground truth, accuracy,
 * per-class precision/recall and a confusion matrix; written as Markdown, HTML and PNG.
 */
public final class BackfillReport {

    /** The figures the command prints and the tests check. */
    public record Summary(
            long predictions,
            long deadLetters,
            Map<String, Long> deadLettersByStage,
            long labelled,
            long correct,
            double imagesPerSecond) {

        public double accuracy() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    private BackfillReport() {}

    /**
     * Every JSON object in the committed files of an output subfolder (in-progress files skipped).
     */
    public static void forEachLine(String output, String dir, Consumer<JsonObject> action)
            throws IOException {
        Path folder = new Path(output, dir);
        FileSystem fs = folder.getFileSystem();
        if (!fs.exists(folder)) {
            return;
        }
        for (FileStatus file : fs.listStatus(folder)) {
            String name = file.getPath().getName();
            if (file.isDir() || name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            try (BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(
                                    fs.open(file.getPath()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        action.accept(JsonParser.parseString(line).getAsJsonObject());
                    }
                }
            }
        }
    }

    /** Computes the report from the output and writes it into {@code reportDir}. */
    public static Summary write(String output, java.nio.file.Path reportDir) throws IOException {
        List<JsonObject> predictions = new ArrayList<>();
        forEachLine(output, BackfillPipeline.PREDICTIONS_DIR, predictions::add);
        Map<String, Long> byStage = new TreeMap<>();
        long[] deadLetters = {0};
        forEachLine(
                output,
                BackfillPipeline.DEAD_LETTERS_DIR,
                d -> {
                    deadLetters[0]++;
                    byStage.merge(
                            d.get("stage").getAsString().toLowerCase(Locale.ROOT), 1L, Long::sum);
                });
        Files.createDirectories(reportDir);

        long firstEmit =
                predictions.stream().mapToLong(p -> p.get("emitTime").getAsLong()).min().orElse(0);
        long lastEmit =
                predictions.stream().mapToLong(p -> p.get("emitTime").getAsLong()).max().orElse(0);
        int seconds = (int) ((lastEmit - firstEmit) / 1000) + 1;
        double[] perSecond = new double[seconds];
        double[] secondsAxis = new double[seconds];
        Map<String, Long> predicted = new TreeMap<>();
        TreeSet<String> labels = new TreeSet<>();
        long[] latencies = new long[predictions.size()];
        long labelled = 0;
        long correct = 0;
        for (int i = 0; i < predictions.size(); i++) {
            JsonObject p = predictions.get(i);
            perSecond[(int) ((p.get("emitTime").getAsLong() - firstEmit) / 1000)]++;
            latencies[i] = p.getAsJsonObject("timings").get("endToEndMillis").getAsLong();
            String label = p.get("label").getAsString();
            predicted.merge(label, 1L, Long::sum);
            labels.add(label);
            if (p.has("groundTruth")) {
                labelled++;
                labels.add(p.get("groundTruth").getAsString());
                if (label.equals(p.get("groundTruth").getAsString())) {
                    correct++;
                }
            }
        }
        for (int s = 0; s < seconds; s++) {
            secondsAxis[s] = s;
        }
        double rate =
                predictions.isEmpty()
                        ? 0
                        : predictions.size() / Math.max(0.001, (lastEmit - firstEmit) / 1000.0);
        Summary summary =
                new Summary(
                        predictions.size(),
                        deadLetters[0],
                        Map.copyOf(byStage),
                        labelled,
                        correct,
                        rate);

        Charts.line(
                "Images per second over the run",
                "seconds",
                "images/s",
                secondsAxis,
                perSecond,
                reportDir.resolve("throughput.png"));
        latencyHistogram(latencies, reportDir.resolve("latency.png"));
        Charts.bars(
                "Predicted label distribution",
                "images",
                List.copyOf(predicted.keySet()),
                predicted.values().stream().mapToDouble(Long::doubleValue).toArray(),
                reportDir.resolve("labels.png"));
        List<String> classes = List.copyOf(labels);
        long[][] confusion = new long[classes.size()][classes.size()];
        if (labelled > 0) {
            for (JsonObject p : predictions) {
                if (p.has("groundTruth")) {
                    confusion[classes.indexOf(p.get("groundTruth").getAsString())][
                            classes.indexOf(p.get("label").getAsString())]++;
                }
            }
            Charts.heatMap(
                    "Confusion matrix", classes, confusion, reportDir.resolve("confusion.png"));
        }
        String markdown = markdown(output, summary, latencies, classes, confusion);
        Files.writeString(reportDir.resolve("report.md"), markdown);
        Files.writeString(reportDir.resolve("report.html"), html(markdown));
        return summary;
    }

    private static void latencyHistogram(long[] latencies, java.nio.file.Path file)
            throws IOException {
        int bins = 20;
        long max = Arrays.stream(latencies).max().orElse(0) + 1;
        double[] counts = new double[bins];
        List<String> labels = new ArrayList<>();
        for (long l : latencies) {
            counts[(int) Math.min(bins - 1, l * bins / max)]++;
        }
        for (int b = 0; b < bins; b++) {
            labels.add((b * max / bins) + " ms");
        }
        Charts.bars("Latency (emit time - read time)", "images", labels, counts, file);
    }

    private static String markdown(
            String output, Summary s, long[] latencies, List<String> classes, long[][] confusion) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        StringBuilder md = new StringBuilder("# Backfill report\n\n");
        md.append("Output: `").append(output).append("`\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        md.append("| images classified | ").append(s.predictions()).append(" |\n");
        md.append("| dead letters | ")
                .append(s.deadLetters())
                .append(' ')
                .append(s.deadLettersByStage())
                .append(" |\n");
        md.append(String.format(Locale.ROOT, "| images/s | %.1f |%n", s.imagesPerSecond()));
        if (sorted.length > 0) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| latency p50 / p99 | %d / %d ms |%n",
                            sorted[sorted.length / 2],
                            sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]));
        }
        if (s.labelled() > 0) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| accuracy | %.4f (%d of %d labelled) |%n",
                            s.accuracy(),
                            s.correct(),
                            s.labelled()));
        }
        md.append(
                "\n"
                        + "![images per second](throughput.png)\n\n"
                        + "![latency](latency.png)\n\n"
                        + "![labels](labels.png)\n\n");
        if (s.labelled() > 0) {
            md.append(
                    "## Per class\n\n"
                            + "| class | precision | recall | images |\n"
                            + "| --- | ---: | ---: | ---: |\n");
            for (int c = 0; c < classes.size(); c++) {
                long tp = confusion[c][c];
                long predictedAs = 0;
                long actual = 0;
                for (int o = 0; o < classes.size(); o++) {
                    predictedAs += confusion[o][c];
                    actual += confusion[c][o];
                }
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %.4f | %.4f | %d |%n",
                                classes.get(c),
                                predictedAs == 0 ? 0.0 : (double) tp / predictedAs,
                                actual == 0 ? 0.0 : (double) tp / actual,
                                actual));
            }
            md.append("\n![confusion matrix](confusion.png)\n");
        }
        return md.toString();
    }

    /** A plain HTML rendering of the report's Markdown (headings, tables, images). */
    private static String html(String markdown) {
        StringBuilder html =
                new StringBuilder(
                        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Backfill"
                            + " report</title><style>body{font-family:sans-serif;margin:2em}td,th{border:1px"
                            + " solid #ccc;padding:4px"
                            + " 8px}table{border-collapse:collapse}</style></head><body>\n");
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            String text = line.replace("&", "&amp;").replace("<", "&lt;").replace("`", "");
            if (line.startsWith("|")) {
                if (line.startsWith("| ---")) {
                    continue;
                }
                if (!inTable) {
                    html.append("<table>\n");
                    inTable = true;
                }
                html.append("<tr>");
                for (String cell : text.substring(1, text.length() - 1).split("\\|")) {
                    html.append("<td>").append(cell.strip()).append("</td>");
                }
                html.append("</tr>\n");
                continue;
            }
            if (inTable) {
                html.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("# ")) {
                html.append("<h1>").append(text.substring(2)).append("</h1>\n");
            } else if (line.startsWith("## ")) {
                html.append("<h2>").append(text.substring(3)).append("</h2>\n");
            } else if (line.startsWith("![")) {
                String src = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
                html.append("<p><img src=\"").append(src).append("\"></p>\n");
            } else if (!line.isBlank()) {
                html.append("<p>").append(text).append("</p>\n");
            }
        }
        if (inTable) {
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString();
    }
}
