package io.frameflow.job.cli;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.view.LiveView;
import io.frameflow.job.view.ViewConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code view}: a live web page of a running stream's frames, labels, charts and dead letters. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description =
                "Serve a live web view of a running stream: the latest frames per camera with"
                        + " their labels, throughput and latency charts, dead letters by stage and"
                        + " the model, read from Kafka (read_committed). Binds to localhost unless"
                        + " --bind says otherwise. Ctrl-C (or --duration) stops it.")
final class ViewCommand extends ConfiguredCommand implements Callable<Integer> {

    @Option(
            names = "--duration",
            description = "Stop after this long, e.g. 30s or 5min; default: until Ctrl-C.")
    String duration;

    @Override
    List<CliFlag> flags() {
        return CliFlags.VIEW;
    }

    @Override
    public Integer call() throws Exception {
        Duration runFor = DurationFlag.parse(spec, duration);
        Configuration conf = configuration(new Configuration());
        FrameflowConfig job = FrameflowConfig.of(conf);
        ViewConfig view = ViewConfig.of(conf);
        PrintWriter out = spec.commandLine().getOut();
        try (GracefulStop stop = GracefulStop.install();
                LiveView live = LiveView.start(job, view, false)) {
            out.printf(
                    "Frameflow live view %s - reading %s: predictions %s, frames %s, dead letters"
                            + " %s%n",
                    live.address(),
                    job.get(BOOTSTRAP_SERVERS),
                    job.get(OUTPUT_TOPIC),
                    job.get(INPUT_TOPIC),
                    job.get(DEAD_LETTER_TOPIC));
            out.println(runFor == null ? "Ctrl-C stops it." : "Stops after " + duration + ".");
            out.flush();
            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            while (!stop.requested().get() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        out.println("Frameflow live view stopped.");
        out.flush();
        return 0;
    }
}
