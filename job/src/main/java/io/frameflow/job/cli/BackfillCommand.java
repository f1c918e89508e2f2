package io.frameflow.job.cli;

import io.frameflow.job.backfill.BackfillRunner;
import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;

/** {@code backfill}: classify an image archive in Flink's BATCH mode. */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description =
                "Classify folders, archives, path lists or Fashion-MNIST in BATCH mode; write"
                        + " predictions and dead letters as files and a report.")
final class BackfillCommand extends ConfiguredCommand implements Callable<Integer> {

    @Override
    List<CliFlag> flags() {
        return CliFlags.BACKFILL;
    }

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = configuration(Configuration.fromMap(env.getConfiguration().toMap()));
        FrameflowConfig config = FrameflowConfig.of(conf);
        // Accumulators reach the client with heartbeats: frequent ones keep the progress line live
        // on a local run (a cluster keeps its own setting).
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofSeconds(1));
        env.configure(conf);
        new BackfillRunner(config, spec.commandLine().getOut()).run(env, UnaryOperator.identity());
        return 0;
    }
}
