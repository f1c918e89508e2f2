package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.deploy.ClusterLayout;
import io.frameflow.deploy.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager process of a real standalone cluster is killed with SIGKILL mid-stream and
 * replaced; the job recovers, and 10 000 frames come out exactly once.
 */
class TaskManagerKillITCase {

    private static final int FRAMES = 10_000;

    @TempDir Path home;

    @Test
    void theJobRecoversFromAKilledTaskManager() throws Exception {
        Path lib = Path.of(System.getProperty("cluster.lib", "../deploy/target/cluster-lib"));
        Path jar =
                Path.of(
                        System.getProperty(
                                "job.jar", "../job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar"));
        assertThat(lib).as("cluster jars (package the deploy module)").isDirectory();
        assertThat(jar).as("the shaded job jar (package the job module)").isRegularFile();
        // One slot per TaskManager: the job's two subtasks run on both, so the kill hits one.
        LocalCluster cluster =
                new LocalCluster(new ClusterLayout(home, lib, ClusterLayout.Ports.free(), 2, 1));
        try {
            cluster.start();
            String bootstrap = "localhost:" + cluster.layout().ports().kafka();
            StreamRun run = new StreamRun(bootstrap, "tmkill");
            String job =
                    cluster.submit(
                            jar,
                            List.of(
                                    "stream",
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--input-topic",
                                    run.prefix + "-frames",
                                    "--output-topic",
                                    run.prefix + "-predictions",
                                    "--dead-letter-topic",
                                    run.prefix + "-dlq",
                                    "--group-id",
                                    run.prefix,
                                    "--transactional-id-prefix",
                                    run.prefix,
                                    "--checkpoint-interval",
                                    "1s",
                                    "--restart-attempts",
                                    "30",
                                    "--restart-delay",
                                    "1s"));
            CompletableFuture<Void> producing =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    run.produce(FRAMES, 400);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            Thread.sleep(10_000);
            long killed = cluster.killTaskManager(1);
            Thread.sleep(2_000);
            cluster.startTaskManager(1);
            producing.get();

            StreamRun.Outcome outcome = run.outcome(FRAMES, Duration.ofMinutes(5));
            System.out.println(
                    outcome.row("TaskManager SIGKILL (pid " + killed + ") and replaced"));
            assertThat(cluster.jobState(job)).isEqualTo("RUNNING");
            assertThat(outcome.duplicated()).as("duplicated").isZero();
            assertThat(outcome.lost()).as("lost").isZero();
            assertThat(outcome.predictions() + outcome.deadLetters()).isEqualTo(FRAMES);
        } finally {
            cluster.stop();
        }
    }
}
