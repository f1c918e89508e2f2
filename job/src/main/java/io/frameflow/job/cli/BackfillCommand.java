package io.frameflow.job.cli;

import io.frameflow.job.backfill.BackfillRunner;
import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
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
        Configured job = configured();
        // Accumulators reach the client with heartbeats: frequent ones keep the progress line live
        // on a local run (a cluster keeps its own setting).
        Configuration heartbeat = new Configuration();
        heartbeat.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        job.env().configure(heartbeat);
        new BackfillRunner(job.config(), spec.commandLine().getOut())
                .run(job.env(), UnaryOperator.identity());
        return 0;
    }
}
