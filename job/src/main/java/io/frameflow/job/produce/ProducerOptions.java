package io.frameflow.job.produce;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The typed options of the {@code produce} command (beside the Kafka ones it shares). */
public final class ProducerOptions {

    private ProducerOptions() {}

    public static final ConfigOption<String> SOURCE =
            key("producer.source")
                    .stringType()
                    .defaultValue("fashion-mnist")
                    .withDescription(
                            "What to replay: 'fashion-mnist' (the bundled test set),"
                                + " 'fashion-mnist:DIR' (a folder of IDX files), a folder of"
                                + " images, a .zip/.tar/.tar.gz archive, or an http(s) MJPEG camera"
                                + " URL.");

    public static final ConfigOption<Integer> CAMERAS =
            key("producer.cameras")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Simulated cameras the frames are spread over (Kafka keys).");

    public static final ConfigOption<Double> FPS =
            key("producer.fps")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription("Frames per second per camera; 0 sends as fast as possible.");

    public static final ConfigOption<Boolean> LOOP =
            key("producer.loop")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Start the source again when it is exhausted.");

    public static final ConfigOption<Long> LIMIT =
            key("producer.limit")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Stop after this many frames; 0 for no limit.");

    public static final ConfigOption<Integer> CORRUPT_EVERY =
            key("producer.corrupt-every")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Replace every Nth frame by a damaged one (truncated image, garbage"
                                    + " bytes, or a record that is not Avro) to show the"
                                    + " dead-letter path; 0 for none.");

    public static final List<ConfigOption<?>> ALL =
            List.of(SOURCE, CAMERAS, FPS, LOOP, LIMIT, CORRUPT_EVERY);
}
