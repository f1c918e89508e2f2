package io.frameflow.job.cli;

import static io.frameflow.job.config.FrameflowOptions.*;
import static io.frameflow.job.produce.ProducerOptions.*;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.produce.FrameSources;
import io.frameflow.job.stream.StreamPipeline;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;

/** {@code produce}: publish frames to Kafka as simulated cameras. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Publish ImageEvents to Kafka from Fashion-MNIST, a folder, a zip/tar archive or"
                        + " an MJPEG camera, as N cameras at F frames/s each. Ctrl-C stops it"
                        + " cleanly, everything sent flushed.")
final class ProduceCommand extends ConfiguredCommand implements Callable<Integer> {

    @Override
    List<CliFlag> flags() {
        return CliFlags.PRODUCE;
    }

    @Override
    public Integer call() throws Exception {
        Configuration conf = configuration(new Configuration());
        FrameflowConfig config = FrameflowConfig.of(conf);
        FrameProducer producer =
                new FrameProducer(
                        config.kafkaProperties(),
                        config.get(INPUT_TOPIC),
                        StreamPipeline.codec(config, config.get(INPUT_TOPIC), ImageEvent.class),
                        new FrameProducer.Settings(
                                config.get(CAMERAS),
                                config.get(FPS),
                                config.get(LOOP),
                                config.get(LIMIT),
                                config.get(CORRUPT_EVERY)));
        try (GracefulStop stop = GracefulStop.install()) {
            producer.run(() -> FrameSources.open(config.get(SOURCE)), stop.requested(), System.out);
        }
        return 0;
    }
}
