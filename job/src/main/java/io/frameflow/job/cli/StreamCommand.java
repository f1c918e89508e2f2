package io.frameflow.job.cli;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stream}: classify frames from Kafka into predictions in Kafka, exactly once. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description =
                "Classify ImageEvents from a Kafka topic; write Predictions and DeadLetters to"
                        + " Kafka (exactly-once by default).")
final class StreamCommand extends ConfiguredCommand implements Callable<Integer> {

    @Override
    List<CliFlag> flags() {
        return CliFlags.STREAM;
    }

    @Override
    public Integer call() throws Exception {
        Configured job = configured();
        StreamEnvironment.configure(job.env(), job.config());
        StreamPipeline.build(job.env(), job.config());
        job.env().execute("Frameflow stream " + job.config().get(FrameflowOptions.INPUT_TOPIC));
        return 0;
    }
}
