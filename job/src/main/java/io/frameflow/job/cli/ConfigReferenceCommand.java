package io.frameflow.job.cli;

import io.frameflow.job.config.ConfigReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code config-reference}: prints every option as the README's Markdown tables. */
@Command(
        name = "config-reference",
        mixinStandardHelpOptions = true,
        description = "Print every option (key, flag, default, description) as Markdown.")
final class ConfigReferenceCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ConfigReference.markdown());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
