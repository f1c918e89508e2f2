package io.frameflow.job.cli;

import io.frameflow.job.demo.DemoRunner;
import io.frameflow.job.demo.DemoSettings;
import io.frameflow.job.demo.DemoStats;
import io.frameflow.zoo.model.ModelSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole system in one process, with a live view. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start a Kafka broker, a Flink MiniCluster with its web UI, the streaming job and"
                        + " the producer replaying Fashion-MNIST as cameras; show predictions"
                        + " live. Ctrl-C (or --duration) stops it and prints a summary.")
final class DemoCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--duration",
            description = "Stop after this long, e.g. 30s or 5min; default: until Ctrl-C.")
    String duration;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of starting one.")
    String bootstrapServers;

    @Option(
            names = "--model",
            defaultValue = ModelSpec.BUNDLED,
            description = "The model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--source",
            defaultValue = "fashion-mnist",
            description =
                    "What to replay: fashion-mnist, a folder of images, an archive or an MJPEG URL"
                            + " (default ${DEFAULT-VALUE}).")
    String source;

    @Option(
            names = "--cameras",
            defaultValue = "4",
            description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--fps",
            defaultValue = "10",
            description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--corrupt-every",
            defaultValue = "25",
            description =
                    "Damage every Nth frame to show dead letters; 0 for none (default"
                            + " ${DEFAULT-VALUE}).")
    int corruptEvery;

    @Option(
            names = "--headless",
            description = "Print status lines instead of redrawing the screen.")
    boolean headless;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings =
                new DemoSettings(
                        DurationFlag.parse(spec, duration),
                        bootstrapServers,
                        model,
                        source,
                        cameras,
                        fps,
                        corruptEvery,
                        !headless && System.console() != null);
        try (GracefulStop stop = GracefulStop.install()) {
            DemoStats stats =
                    new DemoRunner(settings, spec.commandLine().getOut()).run(stop.requested());
            return stats.reconciled() ? 0 : 1;
        }
    }
}
