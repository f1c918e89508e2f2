package io.frameflow.job.cli;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
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
        job.env()
                .registerJobListener(
                        new SubmittedLine(
                                spec.commandLine().getOut(),
                                job.config(),
                                job.env().getParallelism()));
        job.env().execute("Frameflow stream " + job.config().get(INPUT_TOPIC));
        return 0;
    }

    /** Says, once the job is submitted, what it reads and writes: the job runs until cancelled. */
    private record SubmittedLine(PrintWriter out, FrameflowConfig config, int parallelism)
            implements JobListener {

        @Override
        public void onJobSubmitted(JobClient client, Throwable failure) {
            if (client == null) {
                return; // the failure surfaces from execute()
            }
            out.printf(
                    "Frameflow stream job %s submitted at parallelism %d: %s -> %s, dead letters"
                            + " -> %s (%s)%n",
                    client.getJobID(),
                    parallelism,
                    config.get(INPUT_TOPIC),
                    config.get(OUTPUT_TOPIC),
                    config.get(DEAD_LETTER_TOPIC),
                    config.get(BOOTSTRAP_SERVERS));
            out.flush();
        }

        @Override
        public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
    }
}
