package io.frameflow.it.bench;

import com.google.gson.JsonParser;
import io.frameflow.job.cli.FrameflowCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;

/**
 * Contestant 5, Frameflow {@code backfill} over the workload's frames as files: BATCH mode on a
 * MiniCluster, predictions written as JSON lines. Throughput is counted from the first to the last
 * prediction emitted (the job's own work, without cluster start and report writing).
 */
public final class BackfillContestant {

    private BackfillContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        for (int batch : args.batches()) {
            Path output = Path.of(args.get("output")).resolve("batch-" + batch);
            FileUtils.deleteDirectory(
                    output.toFile()); // a previous run's predictions would count again
            ProcessUsage.Window usage = ProcessUsage.start();
            int exit =
                    FrameflowCli.commandLine()
                            .execute(
                                    "backfill",
                                    "--input",
                                    args.framesDir().toString(),
                                    "--output",
                                    output.toString(),
                                    "--model",
                                    args.model(),
                                    "--batch-size",
                                    String.valueOf(batch),
                                    "--parallelism",
                                    String.valueOf(args.parallelism()));
            usage.stop();
            if (exit != 0) {
                throw new IllegalStateException("backfill exited with " + exit);
            }
            long[] emits = emitTimes(output.resolve("predictions"));
            double fps =
                    (emits.length - 1) * 1000.0 / Math.max(1, emits[emits.length - 1] - emits[0]);
            Measurement.throughput(
                            args.workload(),
                            "frameflow-backfill",
                            batch,
                            emits.length,
                            fps,
                            usage,
                            String.format(
                                    java.util.Locale.ROOT,
                                    "parallelism %d; %.1f s wall with cluster start and report",
                                    args.parallelism(),
                                    usage.seconds()))
                    .print();
        }
    }

    private static long[] emitTimes(Path predictions) throws IOException {
        try (Stream<Path> files = Files.walk(predictions)) {
            List<Path> jsonl =
                    files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
            return jsonl.stream()
                    .flatMap(BackfillContestant::lines)
                    .filter(l -> !l.isBlank())
                    .mapToLong(
                            l ->
                                    JsonParser.parseString(l)
                                            .getAsJsonObject()
                                            .get("emitTime")
                                            .getAsLong())
                    .sorted()
                    .toArray();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
