package io.frameflow.job.cli;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
        Configuration conf = configuration(new Configuration());
        FrameflowConfig config = FrameflowConfig.of(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamEnvironment.configure(env, config);
        StreamPipeline.build(env, config);
        env.execute(
                "Frameflow stream "
                        + config.get(io.frameflow.job.config.FrameflowOptions.INPUT_TOPIC));
        return 0;
    }
}
