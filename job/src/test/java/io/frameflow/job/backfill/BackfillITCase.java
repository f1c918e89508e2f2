package io.frameflow.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.Topics;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.BundledModel;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill on a Flink MiniCluster over real files: folders, archives, IDX, reruns, failures.
 */
class BackfillITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @TempDir Path tmp;

    @Test
    void anImageFolderOfMixedFormatsAndDamagedFilesIsFullyAccountedFor() throws Exception {
        Path root = tmp.resolve("images");
        List<Path> images = imageFolder(root, 0, 60);
        Path truncated = root.resolve("Coat/broken.jpg");
        byte[] jpeg = Files.readAllBytes(images.get(1));
        Files.write(truncated, Arrays.copyOf(jpeg, jpeg.length / 2));
        Path text = Files.writeString(root.resolve("notes.txt"), "not an image");
        Path empty = Files.write(root.resolve("Bag/empty.png"), new byte[0]);
        Path output = tmp.resolve("out");

        BackfillRunner.Result result =
                run(
                        Map.of(
                                "backfill.inputs", root.toString(),
                                "backfill.labels", "folders",
                                "backfill.output", output.toString()));

        assertThat(result.found()).isEqualTo(63);
        Map<String, Long> outcomes = outcomes(output);
        assertThat(outcomes.values()).as("each file exactly once").containsOnly(1L);
        List<String> expected = new ArrayList<>();
        for (Path p : images) {
            expected.add(p.toUri().toString());
        }
        assertThat(
                        outcomes.keySet().stream()
                                .filter(
                                        k ->
                                                !k.contains("broken")
                                                        && !k.contains("notes")
                                                        && !k.contains("empty")))
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(BackfillITCase::normalise).toList());
        assertThat(result.summary().predictions()).isEqualTo(60);
        assertThat(result.summary().deadLetters()).isEqualTo(3);
        assertThat(result.summary().deadLettersByStage())
                .containsEntry("decode", 2L)
                .containsEntry("validate", 1L);
        assertThat(result.summary().labelled()).isEqualTo(60);
        assertThat(result.summary().accuracy()).isGreaterThan(0.7);
        for (String file :
                List.of(
                        "report.md",
                        "report.html",
                        "throughput.png",
                        "latency.png",
                        "labels.png",
                        "confusion.png")) {
            assertThat(result.reportDir().resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readString(result.reportDir().resolve("report.md")))
                .contains("| accuracy |");
        assertThat(ImageIO.read(result.reportDir().resolve("confusion.png").toFile()).getWidth())
                .isPositive();
        assertThat(output.resolve(BackfillPipeline.PREDICTIONS_AVRO_DIR)).isNotEmptyDirectory();
        assertThat(text).exists();
        assertThat(empty).exists();
        assertThat(truncated).exists();
    }

    @Test
    void theFashionMnistTestSetScoresTheModelsMeasuredAccuracy() throws Exception {
        Path output = tmp.resolve("fm");

        BackfillRunner.Result result =
                run(
                        Map.of(
                                "backfill.inputs",
                                "fashion-mnist",
                                "backfill.output",
                                output.toString()));

        assertThat(result.summary().predictions()).isEqualTo(10_000);
        assertThat(result.summary().accuracy())
                .isEqualTo(BundledModel.FLOAT.metadata().testAccuracy());
        System.out.printf(
                "BACKFILL fashion-mnist 10000 at parallelism 2: %.1f s, %.1f images/s in the job%n",
                result.seconds(), result.summary().imagesPerSecond());
    }

    @Test
    void zipAndTarArchivesAreReadMemberByMember() throws Exception {
        Path source = tmp.resolve("src");
        List<Path> images = imageFolder(source, 100, 130);
        Path zip = tmp.resolve("frames.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path p : images.subList(0, 15)) {
                out.putNextEntry(new ZipEntry(source.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("README.md"));
            out.write("not an image".getBytes());
            out.closeEntry();
        }
        Path tar = tmp.resolve("frames.tar.gz");
        try (TarArchiveOutputStream out =
                new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tar)))) {
            for (Path p : images.subList(15, 30)) {
                byte[] bytes = Files.readAllBytes(p);
                TarArchiveEntry entry = new TarArchiveEntry(source.relativize(p).toString());
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        Path output = tmp.resolve("archives");

        BackfillRunner.Result result =
                run(
                        Map.of(
                                "backfill.inputs",
                                zip + ";" + tar,
                                "backfill.labels",
                                "folders",
                                "backfill.output",
                                output.toString()));

        assertThat(result.found()).isEqualTo(31);
        assertThat(result.summary().predictions()).isEqualTo(30);
        assertThat(result.summary().labelled()).isEqualTo(30);
        assertThat(result.summary().deadLettersByStage()).containsExactly(Map.entry("decode", 1L));
        assertThat(outcomes(output).keySet())
                .anyMatch(id -> id.contains("frames.zip!/"))
                .anyMatch(id -> id.contains("frames.tar.gz!/"));
    }

    @Test
    void aTruncatedArchiveGivesWhatItCanAndOneFetchDeadLetter() throws Exception {
        List<Path> images = imageFolder(tmp.resolve("zsrc"), 400, 420);
        Path zip = tmp.resolve("damaged.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path p : images) {
                out.putNextEntry(new ZipEntry(p.getFileName().toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));
        Path output = tmp.resolve("damaged-out");

        BackfillRunner.Result result =
                run(
                        Map.of(
                                "backfill.inputs",
                                zip.toString(),
                                "backfill.output",
                                output.toString()));

        assertThat(result.summary().predictions()).isBetween(1L, 19L);
        assertThat(result.summary().deadLettersByStage()).containsEntry("fetch", 1L);
    }

    @Test
    void skipExistingClassifiesOnlyWhatIsNew() throws Exception {
        Path root = tmp.resolve("growing");
        imageFolder(root, 200, 220);
        Path output = tmp.resolve("incremental");
        Map<String, String> settings =
                Map.of(
                        "backfill.inputs", root.toString(),
                        "backfill.output", output.toString(),
                        "backfill.skip-existing", "true");
        run(settings);
        imageFolder(root, 220, 230);

        BackfillRunner.Result second = run(settings);

        assertThat(second.found()).isEqualTo(30);
        assertThat(second.skipped()).isEqualTo(20);
        Map<String, Long> outcomes = outcomes(output);
        assertThat(outcomes).hasSize(30);
        assertThat(outcomes.values()).containsOnly(1L);
    }

    @Test
    void aTaskFailureMidRunLeavesNoDuplicatesInTheCommittedOutput() throws Exception {
        Path output = tmp.resolve("failover");
        FailOnce.reset();

        BackfillRunner.Result result =
                run(
                        Map.of(
                                "backfill.inputs",
                                "fashion-mnist",
                                "backfill.output",
                                output.toString(),
                                "restart.delay",
                                "100 ms"),
                        events ->
                                events.map(new FailOnce(), new AvroTypeInfo<>(ImageEvent.class))
                                        .name("Fail once mid-run"));

        assertThat(FailOnce.FAILED).as("the failure was injected").isTrue();
        Map<String, Long> outcomes = outcomes(output);
        assertThat(outcomes).hasSize(10_000);
        assertThat(outcomes.values()).containsOnly(1L);
        assertThat(result.summary().accuracy())
                .isEqualTo(BundledModel.FLOAT.metadata().testAccuracy());
    }

    @Test
    void predictionsCanAlsoGoToKafkaThroughTheStreamingSinks() throws Exception {
        Path root = tmp.resolve("to-kafka");
        imageFolder(root, 300, 340);
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            BackfillRunner.Result result =
                    run(
                            Map.of(
                                    "backfill.inputs", root.toString(),
                                    "backfill.output", tmp.resolve("kafka-out").toString(),
                                    "backfill.kafka-output", "true",
                                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                                    "kafka.output-topic", "backfill-predictions"));

            List<Prediction> inKafka =
                    Topics.readCommitted(
                            kafka.bootstrapServers(),
                            "backfill-predictions",
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                            list -> list.size() >= 40,
                            Duration.ofMinutes(1));

            assertThat(result.summary().predictions()).isEqualTo(40);
            assertThat(inKafka).hasSize(40);
        }
    }

    /** Throws once, after 3 000 events have passed. */
    static final class FailOnce implements MapFunction<ImageEvent, ImageEvent> {
        static final AtomicLong SEEN = new AtomicLong();
        static volatile boolean FAILED;

        static void reset() {
            SEEN.set(0);
            FAILED = false;
        }

        @Override
        public ImageEvent map(ImageEvent event) {
            if (SEEN.incrementAndGet() > 3_000 && !FAILED) {
                FAILED = true;
                throw new IllegalStateException("Injected failure mid-run");
            }
            return event;
        }
    }

    private static BackfillRunner.Result run(Map<String, String> settings) throws Exception {
        return run(settings, UnaryOperator.identity());
    }

    private static BackfillRunner.Result run(
            Map<String, String> settings, UnaryOperator<DataStream<ImageEvent>> tap)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(FrameflowOptions.PARALLELISM, 2); // the same on any machine, whatever its cores
        settings.forEach(conf::setString);
        StringWriter progress = new StringWriter();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        return new BackfillRunner(FrameflowConfig.of(conf), new PrintWriter(progress))
                .run(env, tap);
    }

    /** How often each input id occurs among predictions and dead letters. */
    private static Map<String, Long> outcomes(Path output) throws IOException {
        List<String> ids = new ArrayList<>();
        BackfillReport.forEachLine(
                output.toString(),
                BackfillPipeline.PREDICTIONS_DIR,
                p -> ids.add(normalise(p.get("path").getAsString())));
        BackfillReport.forEachLine(
                output.toString(),
                BackfillPipeline.DEAD_LETTERS_DIR,
                d -> ids.add(normalise(d.get("path").getAsString())));
        return ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static String normalise(String uri) {
        return uri.replace("file:///", "file:/");
    }

    /**
     * Fashion-MNIST test images {@code from} to {@code to} in the ImageFolder layout, in four
     * variants: 8-bit gray PNG, RGB JPEG at 56x56, RGBA PNG at 100x80, 16-bit gray PNG.
     */
    static List<Path> imageFolder(Path root, int from, int to) throws IOException {
        FashionMnist data = FashionMnist.testSet();
        List<Path> files = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Path dir =
                    Files.createDirectories(
                            root.resolve(FashionMnist.CLASS_NAMES.get(data.label(i))));
            BufferedImage gray = data.image(i);
            Path file;
            switch (i % 4) {
                case 0 -> {
                    file = dir.resolve(i + ".png");
                    ImageIO.write(gray, "png", file.toFile());
                }
                case 1 -> {
                    file = dir.resolve(i + ".jpg");
                    ImageIO.write(
                            scaled(gray, 56, 56, BufferedImage.TYPE_INT_RGB), "jpg", file.toFile());
                }
                case 2 -> {
                    file = dir.resolve(i + "-rgba.png");
                    ImageIO.write(
                            scaled(gray, 100, 80, BufferedImage.TYPE_INT_ARGB),
                            "png",
                            file.toFile());
                }
                default -> {
                    file = dir.resolve(i + "-16bit.png");
                    BufferedImage deep = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
                    for (int y = 0; y < 28; y++) {
                        for (int x = 0; x < 28; x++) {
                            deep.getRaster()
                                    .setSample(x, y, 0, gray.getRaster().getSample(x, y, 0) * 257);
                        }
                    }
                    ImageIO.write(deep, "png", file.toFile());
                }
            }
            files.add(file);
        }
        return files;
    }

    private static BufferedImage scaled(BufferedImage gray, int w, int h, int type) {
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        g.drawImage(gray, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
