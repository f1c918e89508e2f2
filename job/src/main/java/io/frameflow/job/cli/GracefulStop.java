package io.frameflow.job.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C into a request to stop: the JVM's shutdown waits (up to a limit) until the command
 * has finished its cleanup, such as flushing the producer or draining the demo.
 */
final class GracefulStop implements AutoCloseable {

    private static final long CLEANUP_LIMIT_SECONDS = 90;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop() {
        hook =
                new Thread(
                        () -> {
                            requested.set(true);
                            try {
                                finished.await(CLEANUP_LIMIT_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "frameflow-graceful-stop");
    }

    /** Installs the shutdown hook; close it when the command is done. */
    static GracefulStop install() {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Set once Ctrl-C (or any JVM shutdown) asks the command to stop. */
    AtomicBoolean requested() {
        return requested;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and now returns.
        }
    }
}
