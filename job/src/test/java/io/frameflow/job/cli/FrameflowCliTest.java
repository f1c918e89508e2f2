package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.testutils.CommandLineRun;
import io.frameflow.job.testutils.CommandLineRun.Result;
import io.frameflow.zoo.model.BundledModel;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as a terminal sees it: each command's real stdout (through {@link
 * FrameflowCli#execute}, as {@code main} runs it) and its flags. Commands that need a broker or a
 * cluster have theirs checked in {@code CommandLineITCase}, {@code DemoITCase} and {@code
 * ViewCommandTest}.
 */
class FrameflowCliTest {

    private static final String[] COMMANDS = {
        "stream",
        "produce",
        "backfill",
        "model",
        "sql",
        "demo",
        "view",
        "cost",
        "evaluate",
        "speed",
        "slots",
        "config-reference"
    };

    @Test
    void everyCommandHasHelpOnStdout() throws Exception {
        for (String command : COMMANDS) {
            Result help = CommandLineRun.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: frameflow " + command);
        }
        assertThat(CommandLineRun.run("stream", "--help").stdout())
                .contains("--bootstrap-servers")
                .contains("classifier.batch-size");
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Result help = CommandLineRun.run("help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains(COMMANDS);
    }

    @Test
    void costPrintsItsTableOnStdout() throws Exception {
        Result cost = CommandLineRun.run("cost", "--alpha", "0.25");

        assertThat(cost.exitCode()).isZero();
        assertThat(cost.stdout()).contains("Total: 41.0 M mult-adds");
    }

    @Test
    void configReferencePrintsTheTablesOnStdout() throws Exception {
        Result reference = CommandLineRun.run("config-reference");

        assertThat(reference.exitCode()).isZero();
        assertThat(reference.stdout())
                .contains("| `kafka.bootstrap-servers` | `--bootstrap-servers`");
    }

    @Test
    void evaluatePrintsTheAccuracyOnStdout() throws Exception {
        Result evaluate = CommandLineRun.run("evaluate", "--limit", "64", "--batch-size", "32");

        assertThat(evaluate.exitCode()).as(evaluate.stderr()).isZero();
        assertThat(evaluate.stdout()).containsPattern("accuracy 0\\.\\d{4} \\(\\d+/64\\)");
    }

    @Test
    void speedPrintsATableOnStdout() throws Exception {
        Result speed =
                CommandLineRun.run(
                        "speed",
                        "--batch-sizes",
                        "1",
                        "--rounds",
                        "2",
                        "--warmup",
                        "1",
                        "--threads",
                        "1");

        assertThat(speed.exitCode()).as(speed.stderr()).isZero();
        assertThat(speed.stdout())
                .contains("inference img/s")
                .containsPattern("(?m)^\\s+1(\\s+\\d+\\.\\d)+$"); // batch 1, then images/s
    }

    @Test
    void slotsPrintsOneRowPerPredictorCountAndInput() throws Exception {
        Result slots =
                CommandLineRun.run(
                        "slots",
                        "--predictors",
                        "1,2",
                        "--inputs",
                        "uint8,float32",
                        "--threads",
                        "1",
                        "--seconds",
                        "0.5",
                        "--warmup-seconds",
                        "0.2");

        assertThat(slots.exitCode()).as(slots.stderr()).isZero();
        assertThat(slots.stdout()).contains("graph optimizer off");
        for (String row : new String[] {"1 +32 +uint8", "2 +32 +uint8", "1 +32 +float32"}) {
            // predictors, batch, input, then images/s and the median and slowest batch in ms,
            // every one measured (a row without a finished batch prints 0.0 and NaN)
            assertThat(slots.stdout())
                    .containsPattern(
                            "(?m)^\\s+" + row + " +[1-9]\\d*\\.\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d$");
        }
    }

    @Test
    void streamOffersAFlagForEveryJobOption() {
        Set<Object> flagged = new HashSet<>();
        CliFlags.STREAM.forEach(f -> flagged.add(f.option()));

        assertThat(flagged).containsExactlyInAnyOrderElementsOf(FrameflowOptions.ALL);
    }

    @Test
    void anInvalidFlagValueIsAnErrorOnStderrNamingTheOption() throws Exception {
        Result run = CommandLineRun.run("stream", "--batch-size", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("classifier.batch-size must be between 1 and 1024, was 0");
    }

    @Test
    void modelPublishAndStatusHaveHelpWithTheirFlags() throws Exception {
        Result publish = CommandLineRun.run("model", "publish", "--help");
        Result status = CommandLineRun.run("model", "status", "--help");

        assertThat(publish.exitCode()).isZero();
        assertThat(publish.stdout()).contains("--sha256", "--role", "--percent", "--control-topic");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("--status-topic");
    }

    @Test
    void modelPublishRefusesAMalformedDescriptorBeforeTouchingKafka() throws Exception {
        Result run =
                CommandLineRun.run(
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

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("sha256 must be 64 lower-case hexadecimal digits, was 'abc'")
                .contains("a canary needs canaryPercent in (0, 100], was null");
    }

    @Test
    void modelPublishChecksTheSha256OfAModelOnThisMachine() throws Exception {
        String wrong = "0".repeat(64);

        Result run =
                CommandLineRun.run(
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

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr())
                .contains(
                        "The model at bundled has SHA-256 "
                                + BundledModel.FLOAT.metadata().sha256()
                                + ", not "
                                + wrong);
    }

    @Test
    void streamAndBackfillTakeTheSameParallelismFlag() {
        StreamCommand stream = parse("stream", "--parallelism", "3");
        BackfillCommand backfill = parse("backfill", "--parallelism", "3");

        ConfiguredCommand.Configured streamJob = stream.configured();
        StreamEnvironment.configure(streamJob.env(), streamJob.config());

        assertThat(streamJob.env().getParallelism()).isEqualTo(3);
        assertThat(backfill.configured().config().parallelism()).hasValue(3);
    }

    @Test
    void aParallelismBelowOneNamesItsKey() throws Exception {
        for (String command : new String[] {"stream", "backfill"}) {
            Result run = CommandLineRun.run(command, "--parallelism", "0");

            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.stderr()).as(command).contains("parallelism.default must be >= 1");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        CommandLine cli = FrameflowCli.commandLine();
        cli.parseArgs(args);
        return (T) cli.getSubcommands().get(args[0]).getCommandSpec().userObject();
    }
}
