/**
 * Frameflow's configuration: one typed Flink {@code ConfigOption} per setting, read from Flink's
 * configuration, a properties or YAML file, and command-line flags, validated with messages that
 * name the option.
 */
package io.frameflow.job.config;
