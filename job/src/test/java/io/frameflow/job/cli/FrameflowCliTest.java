package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.zoo.model.BundledModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FrameflowCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FrameflowCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"stream", "produce", "cost", "evaluate", "speed"}) {
            assertThat(run(command, "--help")).as(command).isZero();
        }
        assertThat(out.toString())
                .contains("--bootstrap-servers")
                .contains("classifier.batch-size");
    }

    @Test
    void streamOffersAFlagForEveryJobOption() {
        Set<Object> flagged = new HashSet<>();
        CliFlags.STREAM.forEach(f -> flagged.add(f.option()));

        assertThat(flagged).containsExactlyInAnyOrderElementsOf(FrameflowOptions.ALL);
    }

    @Test
    void anInvalidFlagValueIsAnErrorNamingTheOption() {
        int exit = run("stream", "--batch-size", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("classifier.batch-size must be between 1 and 1024, was 0");
    }

    @Test
    void modelPublishAndStatusHaveHelpWithTheirFlags() {
        assertThat(run("model", "publish", "--help")).isZero();
        assertThat(run("model", "status", "--help")).isZero();

        assertThat(out.toString())
                .contains("--sha256", "--role", "--percent", "--control-topic", "--status-topic");
    }

    @Test
    void modelPublishRefusesAMalformedDescriptorBeforeTouchingKafka() {
        int exit =
                run(
                        "model",
                        "publish",
                        "--bootstrap-servers",
                        "localhost:1",
                        "--location",
                        "/models/coarse",
                        "--sha256",
                        "abc",
                        "--role",
                        "canary");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("sha256 must be 64 lower-case hexadecimal digits, was 'abc'")
                .contains("a canary needs canaryPercent in (0, 100], was null");
    }

    @Test
    void modelPublishChecksTheSha256OfAModelOnThisMachine() {
        String wrong = "0".repeat(64);

        int exit =
                run(
                        "model",
                        "publish",
                        "--bootstrap-servers",
                        "localhost:1",
                        "--location",
                        "bundled",
                        "--sha256",
                        wrong,
                        "--role",
                        "active");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "The model at bundled has SHA-256 "
                                + BundledModel.metadata().sha256()
                                + ", not "
                                + wrong);
    }

    @Test
    void costStillWorksFromTheJobCli() {
        assertThat(run("cost", "--alpha", "0.25")).isZero();
        assertThat(out.toString()).contains("Total: 41.0 M mult-adds");
    }
}
