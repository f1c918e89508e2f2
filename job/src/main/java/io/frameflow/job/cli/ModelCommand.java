package io.frameflow.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code model}: the parent of {@code model publish} and {@code model status}. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description =
                "Change and inspect the models of a running stream job: publish a descriptor"
                        + " (hot swap, canary, shadow, promote, roll back), or list what every"
                        + " classify subtask runs.")
final class ModelCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand: publish or status");
    }
}
