package io.frameflow.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.job.cli.FrameflowCli;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code demo --duration 30s}, headless, as the README tells a newcomer to run it. */
class DemoITCase {

    @Test
    void runsThirtySecondsAccountsForEveryFrameAndLeavesNothingBehind() throws Exception {
        StringWriter out = new StringWriter();
        var cli = FrameflowCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("demo", "--duration", "30s", "--headless");

        String text = out.toString();
        System.out.println(text);
        assertThat(exit).as("exit code (0 = reconciled)").isZero();
        Map<String, String> summary = summary(text);
        long produced = Long.parseLong(summary.get("produced"));
        long predictions = Long.parseLong(summary.get("predictions"));
        long deadLetters = Long.parseLong(summary.get("deadLetters"));
        long damaged = Long.parseLong(summary.get("damaged"));
        assertThat(produced).as("frames produced in 30 s at 4 x 10 fps").isGreaterThan(500);
        assertThat(predictions + deadLetters).isEqualTo(produced);
        assertThat(deadLetters).as("the damaged frames").isEqualTo(damaged).isPositive();
        double expected;
        try (ClassifierModel model = ModelLoader.load(BundledModel.FLOAT.spec())) {
            expected =
                    Evaluator.accuracy(model, FashionMnist.testSet(), (int) produced, 64)
                            .accuracy();
        }
        assertThat(Double.parseDouble(summary.get("accuracy"))).isCloseTo(expected, within(0.02));

        Matcher ui = Pattern.compile("Flink web UI (\\S+)").matcher(text);
        assertThat(ui.find()).isTrue();
        URI webUi = URI.create(ui.group(1));
        assertThatThrownBy(() -> new Socket(webUi.getHost(), webUi.getPort()).close())
                .as("the web UI is gone")
                .isInstanceOf(java.net.ConnectException.class);
        Matcher kafka = Pattern.compile("Kafka localhost:(\\d+) \\(embedded\\)").matcher(text);
        assertThat(kafka.find()).isTrue();
        assertThatThrownBy(() -> new Socket("localhost", Integer.parseInt(kafka.group(1))).close())
                .as("the broker is gone")
                .isInstanceOf(java.net.ConnectException.class);
        Matcher data = Pattern.compile("data (\\S+) deleted").matcher(text);
        assertThat(data.find()).isTrue();
        assertThat(Files.exists(Path.of(data.group(1)))).as("broker data deleted").isFalse();
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
