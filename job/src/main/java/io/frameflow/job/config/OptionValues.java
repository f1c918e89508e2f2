package io.frameflow.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads and checks typed options of any configuration, with errors that name the option's key: the
 * one way every Frameflow settings class (the job's, the view's) reports a bad value.
 */
public final class OptionValues {

    private OptionValues() {}

    /** The value of an option, or an error that names its key and the value given. */
    public static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    String.format(
                            "Invalid value '%s' for %s: %s",
                            conf.toMap().get(option.key()), option.key(), e.getMessage()),
                    e);
        }
    }

    /** Fails with "KEY must be EXPECTATION, was VALUE" unless {@code valid}. */
    public static void check(
            ConfigOption<?> option, boolean valid, String expectation, Object value) {
        if (!valid) {
            throw new InvalidConfigException(
                    String.format("%s must be %s, was %s", option.key(), expectation, value));
        }
    }
}
