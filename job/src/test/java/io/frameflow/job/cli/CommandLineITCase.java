package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.Prediction;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.testutils.CommandLineRun;
import io.frameflow.job.testutils.CommandLineRun.Result;
import io.frameflow.job.testutils.KafkaBrokerExtension;
import io.frameflow.job.testutils.Topics;
import io.frameflow.zoo.data.FashionMnist;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that need a broker or a cluster, each checked on its real stdout: {@code produce}
 * and {@code backfill} in this JVM, {@code stream} (which runs until stopped) as its own process
 * through {@code main}. {@code demo} has {@code DemoITCase}; the others {@code FrameflowCliTest}.
 */
class CommandLineITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void producePrintsWhatItSent() throws Exception {
        TopicCreation.create(KAFKA.broker().bootstrapServers(), 2, "cli-produce");

        Result produce =
                CommandLineRun.run(
                        "produce",
                        "--bootstrap-servers",
                        KAFKA.broker().bootstrapServers(),
                        "--topic",
                        "cli-produce",
                        "--limit",
                        "30",
                        "--fps",
                        "0",
                        "--cameras",
                        "3");

        assertThat(produce.exitCode()).as(produce.stderr()).isZero();
        assertThat(produce.stdout()).containsPattern("sent 30 frames \\(0 damaged\\) in [\\d.]+ s");
    }

    @Test
    void backfillPrintsWhatItFoundAndItsSummary(@TempDir Path dir) throws Exception {
        FashionMnist images = FashionMnist.testSet();
        for (int i = 0; i < 12; i++) {
            Path file = dir.resolve("in").resolve("class-" + images.label(i)).resolve(i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(images.image(i), "png", file.toFile());
        }

        Result backfill =
                CommandLineRun.run(
                        "backfill",
                        "--input",
                        dir.resolve("in").toString(),
                        "--labels",
                        "folders",
                        "--output",
                        dir.resolve("out").toString(),
                        "--parallelism",
                        "1");

        assertThat(backfill.exitCode()).as(backfill.stderr()).isZero();
        assertThat(backfill.stdout())
                .contains("found 12 images in 12 inputs")
                .containsPattern("backfill done in [\\d.]+ s: 12 classified, 0 dead letters")
                .contains("report in " + dir.resolve("out").resolve("report").resolve("report.md"));
    }

    @Test
    void streamPrintsItsJobOnceSubmittedAndClassifies() throws Exception {
        TopicCreation.create(
                KAFKA.broker().bootstrapServers(), 1, "cli-frames", "cli-predictions", "cli-dlq");
        Process stream =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-Dai.djl.offline=true",
                                        "-Dlog4j2.configurationFile="
                                                + Path.of(
                                                                "src/main/resources/log4j2-local.properties")
                                                        .toAbsolutePath(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        FrameflowCli.class.getName(),
                                        "stream",
                                        "--bootstrap-servers",
                                        KAFKA.broker().bootstrapServers(),
                                        "--input-topic",
                                        "cli-frames",
                                        "--output-topic",
                                        "cli-predictions",
                                        "--dead-letter-topic",
                                        "cli-dlq",
                                        "--group-id",
                                        "cli",
                                        "--transactional-id-prefix",
                                        "cli",
                                        "--checkpoint-interval",
                                        "1s",
                                        "--parallelism",
                                        "1"))
                        .redirectErrorStream(true)
                        .start();
        try {
            String submitted =
                    awaitLine(
                            stream,
                            Pattern.compile(
                                    "Frameflow stream job [0-9a-f]{32} submitted at parallelism 1:"
                                            + " cli-frames -> cli-predictions, dead letters ->"
                                            + " cli-dlq"),
                            Duration.ofMinutes(2));
            assertThat(submitted).isNotEmpty();
            CommandLineRun.run(
                    "produce",
                    "--bootstrap-servers",
                    KAFKA.broker().bootstrapServers(),
                    "--topic",
                    "cli-frames",
                    "--limit",
                    "10",
                    "--fps",
                    "0");
            List<Prediction> predictions =
                    Topics.readCommitted(
                            KAFKA.broker().bootstrapServers(),
                            "cli-predictions",
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                            list -> list.size() >= 10,
                            Duration.ofMinutes(2));
            assertThat(predictions).as("the job the command started classifies").hasSize(10);
        } finally {
            stream.destroy();
            stream.waitFor();
        }
    }

    /** Reads the process's output until a line matches; fails with everything it printed. */
    private static String awaitLine(Process process, Pattern pattern, Duration timeout)
            throws Exception {
        StringBuilder seen = new StringBuilder();
        String[] match = new String[1];
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = lines.readLine()) != null) {
                                    synchronized (seen) {
                                        seen.append(line).append('\n');
                                        if (match[0] == null && pattern.matcher(line).find()) {
                                            match[0] = line;
                                            seen.notifyAll();
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                // the process was stopped
                            }
                        },
                        "stream-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            while (match[0] == null && System.nanoTime() < deadline && process.isAlive()) {
                seen.wait(500);
            }
            if (match[0] == null) {
                throw new AssertionError(
                        "`stream` never printed a line matching "
                                + pattern
                                + "; it printed:\n"
                                + seen);
            }
            return match[0];
        }
    }
}
