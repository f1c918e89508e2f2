package io.frameflow.job.config;

import org.apache.flink.configuration.ConfigOption;

/**
 * The command-line flag of a typed option, e.g. {@code --batch-size} for {@code
 * classifier.batch-size}. Help text and default come from the option itself.
 */
public record CliFlag(String flag, ConfigOption<?> option) {

    /** The help line: the option's description, its key and its default. */
    public String help() {
        String description = ConfigReference.describe(option);
        String defaultValue =
                option.hasDefaultValue() ? String.valueOf(option.defaultValue()) : "none";
        return description + " [" + option.key() + ", default: " + defaultValue + "]";
    }
}
