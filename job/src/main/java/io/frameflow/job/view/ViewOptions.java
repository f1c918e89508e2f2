package io.frameflow.job.view;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * The typed options of the live view ({@code view}, and the view the demo starts), beside the Kafka
 * ones it shares with the job.
 */
public final class ViewOptions {

    private ViewOptions() {}

    public static final ConfigOption<String> BIND =
            key("view.bind")
                    .stringType()
                    .defaultValue("localhost")
                    .withDescription(
                            "Address the view's HTTP server listens on; localhost keeps it on this"
                                    + " machine, 0.0.0.0 opens it to the network.");

    public static final ConfigOption<Integer> PORT =
            key("view.port")
                    .intType()
                    .defaultValue(8090)
                    .withDescription("Port of the view's HTTP server; 0 takes any free port.");

    public static final ConfigOption<Boolean> FROM_BEGINNING =
            key("view.from-beginning")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read the topics from their beginning instead of from now on.");

    public static final ConfigOption<Integer> TILES_PER_CAMERA =
            key("view.tiles-per-camera")
                    .intType()
                    .defaultValue(6)
                    .withDescription("Latest predictions shown per camera, 1 to 50.");

    public static final ConfigOption<Integer> MAX_CAMERAS =
            key("view.max-cameras")
                    .intType()
                    .defaultValue(24)
                    .withDescription(
                            "Cameras shown, 1 to 1000; beyond that the one seen least recently"
                                    + " makes room.");

    public static final ConfigOption<Integer> THUMBNAIL_SIZE =
            key("view.thumbnail-size")
                    .intType()
                    .defaultValue(96)
                    .withDescription("Longest side of a thumbnail in pixels, 16 to 512.");

    public static final ConfigOption<Duration> JOIN_TIMEOUT =
            key("view.join-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How long a frame waits for its prediction (or dead letter) before it"
                                    + " is dropped from the join and counted as expired; longer"
                                    + " than the job's checkpoint interval.");

    public static final ConfigOption<Integer> JOIN_FRAMES_PER_CAMERA =
            key("view.join-frames-per-camera")
                    .intType()
                    .defaultValue(512)
                    .withDescription(
                            "Frames per camera waiting for their prediction (a ring buffer: the"
                                    + " oldest is evicted, and counted, when it is full).");

    public static final ConfigOption<MemorySize> JOIN_MEMORY =
            key("view.join-memory")
                    .memoryType()
                    .defaultValue(MemorySize.parse("64 mb"))
                    .withDescription(
                            "Image bytes all cameras' waiting frames may hold together; the oldest"
                                    + " frame is evicted, and counted, beyond it.");

    public static final ConfigOption<Duration> HISTORY =
            key("view.history")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("Time span of the throughput and latency charts.");

    public static final ConfigOption<Duration> REFRESH =
            key("view.refresh")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("How often the page receives an update.");

    public static final ConfigOption<Integer> CLIENT_QUEUE =
            key("view.client-queue")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Updates queued for one browser; a browser that falls this far behind"
                                    + " is disconnected (it reconnects when it can keep up).");

    public static final ConfigOption<Integer> MAX_CLIENTS =
            key("view.max-clients")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Browsers connected at once; more are refused (503).");

    /** Every option, in the order of the configuration reference. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BIND,
                    PORT,
                    FROM_BEGINNING,
                    TILES_PER_CAMERA,
                    MAX_CAMERAS,
                    THUMBNAIL_SIZE,
                    JOIN_TIMEOUT,
                    JOIN_FRAMES_PER_CAMERA,
                    JOIN_MEMORY,
                    HISTORY,
                    REFRESH,
                    CLIENT_QUEUE,
                    MAX_CLIENTS);
}
