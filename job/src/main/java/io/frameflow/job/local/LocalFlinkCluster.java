package io.frameflow.job.local;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM with its REST endpoint and web UI on localhost (the first free
 * port from 8081), for the demo.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private final MiniCluster cluster;
    private final URI webUi;

    private LocalFlinkCluster(MiniCluster cluster, URI webUi) {
        this.cluster = cluster;
        this.webUi = webUi;
    }

    /** Starts a cluster of one TaskManager with the given slots. */
    public static LocalFlinkCluster start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(RestOptions.BIND_PORT, "8081-8199");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return new LocalFlinkCluster(cluster, cluster.getRestAddress().get());
    }

    /** The web UI and REST address, e.g. {@code http://localhost:8081}. */
    public URI webUi() {
        return webUi;
    }

    /** Submits the job an environment describes. */
    public JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        var graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph).get().getJobID();
    }

    /**
     * Waits until the job and every one of its tasks is RUNNING, and returns how many tasks it has.
     * A task switches to RUNNING once its operators are open, so a classifier that warms up in
     * {@code open()} has warmed up by then.
     *
     * @throws IllegalStateException when the job ends first
     * @throws TimeoutException when it is not running within the timeout
     */
    public int awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
            if (graph.getState().isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "Job " + job + " ended (" + graph.getState() + ") before it ran");
            }
            int tasks = 0;
            boolean running = graph.getState() == JobStatus.RUNNING;
            for (AccessExecutionVertex task : graph.getAllExecutionVertices()) {
                tasks++;
                running &= task.getExecutionState() == ExecutionState.RUNNING;
            }
            if (running && tasks > 0) {
                return tasks;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "Job " + job + " was not running within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Cancels a job and waits until it is cancelled. */
    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get();
        cluster.requestJobResult(job).get();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
