package io.frameflow.job.cli;

import static io.frameflow.job.config.FrameflowOptions.MODEL_STATUS_TOPIC;

import io.frameflow.event.ModelStatus;
import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.model.ModelControlClient;
import io.frameflow.job.model.ModelStatusReport;
import io.frameflow.job.stream.StreamPipeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;

/** {@code model status}: what every classify subtask of a stream job runs. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "List the models every classify subtask of the latest run of a stream job runs"
                        + " (active, canary with its share, shadow) and its latest refusals, from"
                        + " the status topic.")
final class ModelStatusCommand extends ConfiguredCommand implements Callable<Integer> {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    @Override
    List<CliFlag> flags() {
        return CliFlags.MODEL_STATUS;
    }

    @Override
    public Integer call() throws Exception {
        FrameflowConfig config = FrameflowConfig.of(configuration(new Configuration()));
        List<ModelStatus> statuses =
                new ModelControlClient(config.kafkaProperties())
                        .statuses(
                                config.get(MODEL_STATUS_TOPIC),
                                StreamPipeline.codec(
                                        config, config.get(MODEL_STATUS_TOPIC), ModelStatus.class),
                                READ_TIMEOUT);
        spec.commandLine().getOut().print(ModelStatusReport.render(statuses));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
