package io.frameflow.job.stream;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.job.config.FrameflowConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Parallelism, checkpointing and restarts of Frameflow's jobs, from its options. */
public final class StreamEnvironment {

    private StreamEnvironment() {}

    /** Applies the parallelism (when set), checkpointing and the restart strategy. */
    public static void configure(StreamExecutionEnvironment env, FrameflowConfig config) {
        config.parallelism().ifPresent(env::setParallelism);
        env.enableCheckpointing(
                config.get(CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        configureRestarts(env, config);
    }

    /** Applies the restart strategy (fixed delay) alone: what a BATCH job needs. */
    public static void configureRestarts(StreamExecutionEnvironment env, FrameflowConfig config) {
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                config.get(RESTART_ATTEMPTS));
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                config.get(RESTART_DELAY));
        env.configure(restart);
    }
}
