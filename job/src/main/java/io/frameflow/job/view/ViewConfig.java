package io.frameflow.job.view;

import static io.frameflow.job.config.OptionValues.check;
import static io.frameflow.job.config.OptionValues.get;
import static io.frameflow.job.view.ViewOptions.*;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * The live view's settings, read from a Flink {@link Configuration} and validated once; every error
 * names the option's key.
 */
public record ViewConfig(
        String bind,
        int port,
        boolean fromBeginning,
        int tilesPerCamera,
        int maxCameras,
        int thumbnailSize,
        Duration joinTimeout,
        int joinFramesPerCamera,
        long joinMemoryBytes,
        Duration history,
        Duration refresh,
        int clientQueue,
        int maxClients) {

    /** Reads and validates the view's options. */
    public static ViewConfig of(Configuration conf) {
        ViewConfig config =
                new ViewConfig(
                        get(conf, BIND).strip(),
                        get(conf, PORT),
                        get(conf, FROM_BEGINNING),
                        get(conf, TILES_PER_CAMERA),
                        get(conf, MAX_CAMERAS),
                        get(conf, THUMBNAIL_SIZE),
                        get(conf, JOIN_TIMEOUT),
                        get(conf, JOIN_FRAMES_PER_CAMERA),
                        get(conf, JOIN_MEMORY).getBytes(),
                        get(conf, HISTORY),
                        get(conf, REFRESH),
                        get(conf, CLIENT_QUEUE),
                        get(conf, MAX_CLIENTS));
        check(BIND, !config.bind.isEmpty(), "set", config.bind);
        check(PORT, config.port >= 0 && config.port <= 65535, "between 0 and 65535", config.port);
        check(
                TILES_PER_CAMERA,
                config.tilesPerCamera >= 1 && config.tilesPerCamera <= 50,
                "between 1 and 50",
                config.tilesPerCamera);
        check(
                MAX_CAMERAS,
                config.maxCameras >= 1 && config.maxCameras <= 1000,
                "between 1 and 1000",
                config.maxCameras);
        check(
                THUMBNAIL_SIZE,
                config.thumbnailSize >= 16 && config.thumbnailSize <= 512,
                "between 16 and 512",
                config.thumbnailSize);
        check(
                JOIN_TIMEOUT,
                config.joinTimeout.toMillis() >= 100,
                "at least 100 ms",
                config.joinTimeout);
        check(
                JOIN_FRAMES_PER_CAMERA,
                config.joinFramesPerCamera >= 1,
                ">= 1",
                config.joinFramesPerCamera);
        check(JOIN_MEMORY, config.joinMemoryBytes >= 1, ">= 1 byte", config.joinMemoryBytes);
        check(HISTORY, config.history.toSeconds() >= 10, "at least 10 s", config.history);
        check(
                REFRESH,
                config.refresh.toMillis() >= 50 && config.refresh.compareTo(config.history) < 0,
                "at least 50 ms and shorter than " + HISTORY.key(),
                config.refresh);
        check(CLIENT_QUEUE, config.clientQueue >= 1, ">= 1", config.clientQueue);
        check(MAX_CLIENTS, config.maxClients >= 1, ">= 1", config.maxClients);
        return config;
    }
}
