package io.frameflow.job.cli;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --duration} flag of the commands that otherwise run until Ctrl-C. */
final class DurationFlag {

    private DurationFlag() {}

    /** A duration such as 30s or 5min, or null when the flag was not given. */
    static Duration parse(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid --duration '" + text + "': " + e.getMessage());
        }
    }
}
