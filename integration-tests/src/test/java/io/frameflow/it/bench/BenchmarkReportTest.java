package io.frameflow.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @TempDir Path out;

    private static Measurement max(String workload, String contestant, int batch, double fps) {
        return new Measurement(
                workload,
                contestant,
                "max",
                batch,
                100,
                fps,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                1.5,
                300,
                "");
    }

    @Test
    void resultLinesSurviveTheProcessBoundaryIncludingMissingLatencies() {
        Measurement m = max("fmnist", "djl-loop-decode", 16, 1984.0);
        String line =
                Measurement.PREFIX
                        + new com.google.gson.GsonBuilder()
                                .serializeSpecialFloatingPointValues()
                                .create()
                                .toJson(m);

        assertThat(Measurement.parse(line)).isEqualTo(m);
        assertThat(Measurement.parse("  fmnist djl-loop-decode ...")).isNull();
    }

    @Test
    void goalsCompareEachContestantsBestBatchAndSayWhichAreMissed() throws Exception {
        List<Measurement> results =
                List.of(
                        max("heavy", BenchmarkReport.DJL_INFERENCE, 16, 80.0),
                        max("heavy", BenchmarkReport.DJL_DECODE, 4, 60.0),
                        max("heavy", BenchmarkReport.DJL_DECODE, 16, 40.0),
                        max("heavy", BenchmarkReport.PYTHON, 8, 90.0),
                        max("heavy", BenchmarkReport.PYTHON_DECODE, 8, 85.0),
                        max("heavy", BenchmarkReport.NAIVE, 1, 50.0),
                        max("heavy", BenchmarkReport.STREAM, 8, 57.0),
                        max("heavy", BenchmarkReport.STREAM, 16, 30.0),
                        max("heavy", BenchmarkReport.SQL, 16, 48.0),
                        new Measurement(
                                "heavy",
                                BenchmarkReport.STREAM,
                                "50%",
                                16,
                                500,
                                28.5,
                                30,
                                40,
                                600,
                                1.0,
                                900,
                                ""));

        BenchmarkReport.write(out, Benchmark.Settings.of(true), results, 1.0);

        String md = Files.readString(out.resolve("results.md"));
        assertThat(md)
                .contains(
                        "stream / plain DJL loop with decode (57.0 / 60.0 frames/s) | 0.95× | ≥"
                                + " 0.9× | yes")
                .contains(
                        "stream / naive Flink map (57.0 / 50.0 frames/s) | 1.14× | ≥ 1.5× | **no**")
                .contains(
                        "stream / Python PyTorch, whole per-frame work (57.0 / 85.0 frames/s) |"
                                + " 0.67×")
                .contains("SQL / DataStream stream (48.0 / 57.0 frames/s) | 0.84× | ≥ 0.8× | yes")
                // 5 ms max wait + 2 × (16 frames / 80 frames/s) = 405 ms
                .contains("| 600 ms | ≤ 405.0 ms | **no** |");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(results.size() + 1);
        assertThat(out.resolve("throughput-heavy.png")).isNotEmptyFile();
        assertThat(out.resolve("batch-sweep-heavy.png")).isNotEmptyFile();
    }

    @Test
    void theInt8StreamIsComparedWithPythonsFloatInferenceAndVariantsWithTheDefault()
            throws Exception {
        List<Measurement> results =
                List.of(
                        max("heavy", BenchmarkReport.PYTHON, 8, 90.0),
                        max("heavy", BenchmarkReport.PYTHON, 16, 100.0),
                        max("heavy", BenchmarkReport.STREAM, 16, 60.0),
                        max("heavy-int8", BenchmarkReport.PYTHON, 16, 40.0),
                        max("heavy-int8", BenchmarkReport.STREAM, 16, 120.0),
                        max("fmnist", BenchmarkReport.PYTHON_DECODE, 16, 2000.0),
                        max("fmnist", BenchmarkReport.STREAM, 8, 2100.0),
                        max("fmnist", BenchmarkReport.STREAM, 16, 1000.0),
                        max("fmnist", BenchmarkReport.STREAM + " (default)", 16, 990.0),
                        max("fmnist", BenchmarkReport.STREAM + " (in-flight 1)", 16, 1250.0),
                        max("fmnist", BenchmarkReport.STREAM + " (default)", 16, 1000.0),
                        max("fmnist", BenchmarkReport.STREAM + " (in-flight 1)", 16, 1200.0));

        BenchmarkReport.write(out, Benchmark.Settings.of(true), results, 1.0);

        String md = Files.readString(out.resolve("results.md"));
        assertThat(md)
                .contains(
                        "| heavy-int8 | int8 stream / Python PyTorch float inference only (heavy)"
                                + " (120.0 / 100.0 frames/s) | 1.20× | ≥ 1.0× | yes |")
                .contains(
                        "| fmnist | stream / Python PyTorch, whole per-frame work (2100.0 /"
                                + " 2000.0 frames/s) | 1.05× | ≥ 1.0× | yes |")
                // each variant's best round beside the default's best round, not the stream's best
                .contains("| fmnist | frameflow-stream (default) | 1000.0 | 1.00× |")
                .contains("| fmnist | frameflow-stream (in-flight 1) | 1250.0 | 1.25× |")
                .doesNotContain("| heavy | frameflow-stream (default) |");
    }

    @Test
    void contentionIsReportedAsAFractionOfTheQuietRunUnderEachWaitPolicy() throws Exception {
        String passive = ContentionScenario.policyNote("PASSIVE");
        String spin = ContentionScenario.policyNote("");
        List<Measurement> results =
                List.of(
                        contention(BenchmarkReport.STREAM, "quiet", 1000, passive),
                        contention(BenchmarkReport.STREAM, "hog", 450, passive),
                        contention(BenchmarkReport.STREAM, "quiet", 990, spin),
                        contention(BenchmarkReport.STREAM, "hog", 99, spin),
                        contention(BenchmarkReport.EVALUATE, "quiet", 2000, passive),
                        contention(BenchmarkReport.EVALUATE, "hog", 600, passive));

        BenchmarkReport.write(out, Benchmark.Settings.of(true), results, 1.0);

        String md = Files.readString(out.resolve("results.md"));
        assertThat(md)
                .contains(
                        "| contention | frameflow-stream with a CPU hog / quiet,"
                                + " OMP_WAIT_POLICY=PASSIVE (450.0 / 1000.0 frames/s) | 0.45× |"
                                + " ≥ 0.4× | yes |")
                .contains(
                        "| contention | evaluate with a CPU hog / quiet, OMP_WAIT_POLICY=PASSIVE"
                                + " (600.0 / 2000.0 frames/s) | 0.30× | ≥ 0.4× | **no** |")
                .contains(
                        "| frameflow-stream | libgomp default wait policy | 990.0 | 99.0 | 0.10 |")
                .doesNotContain("Batch-size sweep, contention");
    }

    private static Measurement contention(String program, String load, double fps, String note) {
        return new Measurement(
                ContentionScenario.WORKLOAD,
                program,
                load,
                16,
                600,
                fps,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                1.9,
                500,
                note + ", 2 intra-op threads");
    }
}
