package io.frameflow.zoo.cli;

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
        System.exit(
                new CommandLine(new ZooCli())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args));
    }
}
