package io.frameflow.job.testutils;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job as the ITCases run it: topics, consumer group and transactional ids named after
 * a prefix (so tests sharing a broker stay apart), checkpoints every second, batches of 16.
 */
public final class StreamJobs {

    private StreamJobs() {}

    /**
     * The settings of a test job on {@code <prefix>-frames}, {@code -predictions}, {@code -dlq},
     * with model control on {@code -models} and {@code -model-status}.
     */
    public static Configuration configuration(String bootstrap, String prefix) {
        Configuration conf = new Configuration();
        conf.set(FrameflowOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(FrameflowOptions.INPUT_TOPIC, prefix + "-frames");
        conf.set(FrameflowOptions.OUTPUT_TOPIC, prefix + "-predictions");
        conf.set(FrameflowOptions.DEAD_LETTER_TOPIC, prefix + "-dlq");
        conf.set(FrameflowOptions.MODEL_CONTROL_TOPIC, prefix + "-models");
        conf.set(FrameflowOptions.MODEL_STATUS_TOPIC, prefix + "-model-status");
        conf.set(FrameflowOptions.GROUP_ID, prefix);
        conf.set(FrameflowOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        conf.set(FrameflowOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(FrameflowOptions.BATCH_SIZE, 16);
        return conf;
    }

    /** Submits the job to the current (MiniCluster) environment without waiting for it. */
    public static JobClient start(
            FrameflowConfig config,
            int parallelism,
            String name,
            UnaryOperator<DataStream<ImageEvent>> afterSource)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        StreamEnvironment.configure(env, config);
        StreamPipeline.build(env, config, afterSource);
        return env.executeAsync(name);
    }
}
