package io.frameflow.job.cli;

import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.InvalidConfigException;
import io.frameflow.zoo.cli.CostCommand;
import io.frameflow.zoo.cli.EvaluateCommand;
import io.frameflow.zoo.cli.SlotsCommand;
import io.frameflow.zoo.cli.SpeedCommand;
import io.frameflow.zoo.model.ModelLoadException;
import java.io.PrintWriter;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Frameflow's one command line; {@code main} of the job jar. */
@Command(
        name = "frameflow",
        mixinStandardHelpOptions = true,
        description =
                "Real-time and batch image classification with DJL MobileNets on Apache Flink.")
public final class FrameflowCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs one command line on {@code System.out} and {@code System.err}, as {@code main} does but
     * without exiting; returns the exit code. Everything the command printed is flushed before it
     * returns: a command that prints without a line break (a table, a progress line) would
     * otherwise lose its output to the exit.
     */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
            System.out.flush();
            System.err.flush();
        }
    }

    /** The command line with every subcommand and its typed flags. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FrameflowCli());
        CommandLine stream = new CommandLine(new StreamCommand());
        CliFlags.register(stream.getCommandSpec(), CliFlags.STREAM);
        cli.addSubcommand("stream", stream);
        CommandLine produce = new CommandLine(new ProduceCommand());
        CliFlags.register(produce.getCommandSpec(), CliFlags.PRODUCE);
        cli.addSubcommand("produce", produce);
        CommandLine backfill = new CommandLine(new BackfillCommand());
        CliFlags.register(backfill.getCommandSpec(), CliFlags.BACKFILL);
        cli.addSubcommand("backfill", backfill);
        CommandLine model = new CommandLine(new ModelCommand());
        CommandLine publish = new CommandLine(new ModelPublishCommand());
        CliFlags.register(publish.getCommandSpec(), CliFlags.MODEL_PUBLISH);
        model.addSubcommand("publish", publish);
        CommandLine status = new CommandLine(new ModelStatusCommand());
        CliFlags.register(status.getCommandSpec(), CliFlags.MODEL_STATUS);
        model.addSubcommand("status", status);
        cli.addSubcommand("model", model);
        cli.addSubcommand("sql", new SqlCommand());
        cli.addSubcommand("demo", new DemoCommand());
        CommandLine view = new CommandLine(new ViewCommand());
        CliFlags.register(view.getCommandSpec(), CliFlags.VIEW);
        cli.addSubcommand("view", view);
        cli.addSubcommand("cost", new CostCommand());
        cli.addSubcommand("evaluate", new EvaluateCommand());
        cli.addSubcommand("speed", new SpeedCommand());
        cli.addSubcommand("slots", new SlotsCommand());
        cli.addSubcommand("config-reference", new ConfigReferenceCommand());
        cli.addSubcommand("help", new HelpCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof InvalidConfigException || e instanceof ModelLoadException) {
                        commandLine.getErr().println("Error: " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof ValidationException || e instanceof SqlParserException) {
                        // The planner wraps the reason (e.g. a model option) in its causes.
                        commandLine.getErr().println("Error: " + messages(e));
                        return 2;
                    }
                    throw e;
                });
        return cli;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            all.append("\n  caused by: ").append(cause.getMessage());
        }
        return all.toString();
    }
}
