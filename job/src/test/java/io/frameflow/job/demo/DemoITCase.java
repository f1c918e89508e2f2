package io.frameflow.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.job.testutils.CommandLineRun;
import io.frameflow.job.view.LiveViewPage;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --duration 30s}, headless, as the README tells a newcomer to run it, its real stdout
 * read as a terminal would; the live view it starts is opened in headless Chromium while it runs.
 */
class DemoITCase {

    @Test
    void runsThirtySecondsAccountsForEveryFrameAndLeavesNothingBehind() throws Exception {
        String text;
        long shownPredictions;
        int exit;
        try (CommandLineRun demo =
                CommandLineRun.start("demo", "--duration", "30s", "--headless")) {
            demo.awaitStdout(out -> out.contains("producing now"), Duration.ofMinutes(3));
            Matcher view = Pattern.compile("live view (http://\\S+/)").matcher(demo.stdout());
            assertThat(view.find()).as("the live view's address, next to the web UI's").isTrue();
            try (LiveViewPage page = LiveViewPage.open(URI.create(view.group(1)))) {
                page.awaitThumbnailsWithLabels(8); // in a real browser, while the demo runs
                shownPredictions = page.predictions();
            }
            CommandLineRun.Result result = demo.await(Duration.ofMinutes(5));
            text = result.stdout();
            exit = result.exitCode();
        }

        System.out.println(text);
        assertThat(exit).as("exit code (0 = reconciled)").isZero();
        assertThat(shownPredictions).as("the page's predictions counter").isPositive();
        assertThat(text.indexOf("job running: all "))
                .as("the producer starts once the job runs")
                .isLessThan(text.indexOf("] produced "));
        Map<String, String> summary = summary(text);
        long produced = Long.parseLong(summary.get("produced"));
        long predictions = Long.parseLong(summary.get("predictions"));
        long deadLetters = Long.parseLong(summary.get("deadLetters"));
        long damaged = Long.parseLong(summary.get("damaged"));
        assertThat(produced).as("frames produced in 30 s at 4 x 10 fps").isGreaterThan(500);
        assertThat(predictions + deadLetters).isEqualTo(produced);
        assertThat(deadLetters).as("the damaged frames").isEqualTo(damaged).isPositive();
        assertThat(
                        Long.parseLong(summary.get("steadyFrames"))
                                + Long.parseLong(summary.get("startupFrames")))
                .as("every prediction in one latency window")
                .isEqualTo(predictions);
        assertThat(Long.parseLong(summary.get("steadyFrames"))).isGreaterThan(predictions / 2);
        assertThat(text).contains("latency:         steady state (frames produced from 10 s");
        double expected;
        try (ClassifierModel model = ModelLoader.load(BundledModel.FLOAT.spec())) {
            expected =
                    Evaluator.accuracy(model, FashionMnist.testSet(), (int) produced, 64)
                            .accuracy();
        }
        assertThat(Double.parseDouble(summary.get("accuracy"))).isCloseTo(expected, within(0.02));

        Matcher ui = Pattern.compile("Flink web UI (\\S+)").matcher(text);
        assertThat(ui.find()).isTrue();
        assertClosed(URI.create(ui.group(1)), "the web UI is gone");
        Matcher view = Pattern.compile("live view (\\S+)").matcher(text);
        assertThat(view.find()).isTrue();
        assertClosed(URI.create(view.group(1)), "the live view is gone");
        Matcher kafka = Pattern.compile("Kafka localhost:(\\d+) \\(embedded\\)").matcher(text);
        assertThat(kafka.find()).isTrue();
        assertClosed(URI.create("http://localhost:" + kafka.group(1)), "the broker is gone");
        Matcher data = Pattern.compile("data (\\S+) deleted").matcher(text);
        assertThat(data.find()).isTrue();
        assertThat(Files.exists(Path.of(data.group(1)))).as("broker data deleted").isFalse();
    }

    private static void assertClosed(URI address, String what) {
        assertThatThrownBy(() -> new Socket(address.getHost(), address.getPort()).close())
                .as(what)
                .isInstanceOf(java.net.ConnectException.class);
    }

    private static Map<String, String> summary(String text) {
        Matcher line = Pattern.compile("^SUMMARY (.*)$", Pattern.MULTILINE).matcher(text);
        assertThat(line.find()).as("a SUMMARY line in:%n%s", text).isTrue();
        Map<String, String> values = new HashMap<>();
        for (String pair : line.group(1).split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return values;
    }
}
