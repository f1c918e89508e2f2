package io.frameflow.job.demo;

import java.time.Duration;

/**
 * What the demo runs.
 *
 * @param duration how long to run; null runs until Ctrl-C
 * @param bootstrapServers an external broker, or null to start one in this process
 * @param model the model location ({@code bundled} by default)
 * @param source what the producer replays ({@code fashion-mnist} by default)
 * @param cameras simulated cameras
 * @param fpsPerCamera frames per second per camera
 * @param corruptEvery damage every Nth frame (0: none)
 * @param inPlace redraw the view in place (a terminal) rather than print status lines
 */
public record DemoSettings(
        Duration duration,
        String bootstrapServers,
        String model,
        String source,
        int cameras,
        double fpsPerCamera,
        int corruptEvery,
        boolean inPlace) {}
