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
        // Under `flink run` this environment carries the cluster's and the client's configuration,
        // where Frameflow's keys may be set too; the file, -D and the flags override them.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = configuration(Configuration.fromMap(env.getConfiguration().toMap()));
        FrameflowConfig config = FrameflowConfig.of(conf);
        env.configure(conf);
        StreamEnvironment.configure(env, config);
        StreamPipeline.build(env, config);
        env.execute(
                "Frameflow stream "
                        + config.get(io.frameflow.job.config.FrameflowOptions.INPUT_TOPIC));
        return 0;
    }
}
