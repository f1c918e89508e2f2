package io.frameflow.job.cli;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.ConfigSources;
import io.frameflow.job.config.FrameflowConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command configured by typed options: {@code --config FILE}, {@code -D key=value} for any Flink
 * or Frameflow key, and one flag per option of {@link #flags()}.
 */
abstract class ConfiguredCommand {

    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A .properties or .yaml file of options (keys as in the reference).")
    Path configFile;

    @Option(
            names = "-D",
            paramLabel = "key=value",
            description = "Any Flink or Frameflow option, e.g. -D parallelism.default=2.")
    Map<String, String> dynamic = new LinkedHashMap<>();

    /** The flags this command offers. */
    abstract List<CliFlag> flags();

    /** A job environment and the validated options it runs with. */
    record Configured(StreamExecutionEnvironment env, FrameflowConfig config) {}

    /**
     * The execution environment with this command's options applied. Under {@code flink run} the
     * environment carries the cluster's and the client's configuration, where Frameflow's keys may
     * be set too; the file, -D and the flags override them.
     */
    Configured configured() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = configuration(Configuration.fromMap(env.getConfiguration().toMap()));
        FrameflowConfig config = FrameflowConfig.of(conf);
        env.configure(conf);
        return new Configured(env, config);
    }

    /** Flink's configuration, then the file, then -D, then flags. */
    Configuration configuration(Configuration flink) {
        Map<String, String> overrides = new LinkedHashMap<>(dynamic);
        overrides.putAll(CliFlags.values(spec, flags()));
        return ConfigSources.merge(flink, configFile, overrides);
    }
}
