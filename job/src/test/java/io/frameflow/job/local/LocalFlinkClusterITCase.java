package io.frameflow.job.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** The local cluster the demo runs on, with a job whose operator warms up slowly. */
class LocalFlinkClusterITCase {

    /** When the slow operator finished opening, epoch milliseconds (same JVM). */
    static volatile long warmedUpAt;

    @Test
    void awaitRunningReturnsOnlyOnceEveryTaskHasOpenedItsOperators() throws Exception {
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(2)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
            env.setParallelism(2);
            env.fromSequence(0, Long.MAX_VALUE)
                    .map(new SlowToOpen())
                    .sinkTo(new DiscardingSink<>());
            JobID job = cluster.submit(env, "slow to open");

            int tasks = cluster.awaitRunning(job, Duration.ofMinutes(2));
            long running = System.currentTimeMillis();

            assertThat(tasks).as("source, map and sink, 2 each (or chained)").isPositive();
            assertThat(warmedUpAt).as("the warm-up finished").isPositive();
            assertThat(running).isGreaterThanOrEqualTo(warmedUpAt);
            cluster.cancel(job);
        }
    }

    /** A map that, like the classifier, warms up for a while in open(). */
    static final class SlowToOpen extends RichMapFunction<Long, Long> {
        @Override
        public void open(OpenContext context) throws Exception {
            Thread.sleep(3_000);
            warmedUpAt = System.currentTimeMillis();
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(10);
            return value;
        }
    }
}
