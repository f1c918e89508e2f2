package io.frameflow.zoo.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The model zoo's command line: {@code cost}, {@code evaluate}, {@code speed} and {@code slots}.
 */
@Command(
        name = "frameflow-zoo",
        mixinStandardHelpOptions = true,
        description = "Frameflow model zoo: MobileNet costs, accuracy and speed.",
        subcommands = {
            CostCommand.class,
            EvaluateCommand.class,
            SpeedCommand.class,
            SlotsCommand.class
        })
public final class ZooCli {

    public static void main(String[] args) {
        // picocli's writers flush on line ends only: one shared pair, flushed before the exit, so
        // that a table printed in one piece reaches the terminal.
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = new CommandLine(new ZooCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        int exitCode = cli.execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
