package io.frameflow.operators.classify;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The thread a classify subtask loads, checks and warms up new models on, while its task thread
 * goes on classifying with the models in force. One per subtask, so its loads finish in the order
 * the descriptors came.
 */
final class BackgroundLoader implements AutoCloseable {

    private final ExecutorService thread;

    BackgroundLoader(String threadName) {
        this.thread =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread t = new Thread(runnable, threadName);
                            t.setDaemon(true);
                            // Below the task thread: frames come first on a busy TaskManager.
                            t.setPriority(Thread.NORM_PRIORITY - 1);
                            return t;
                        });
    }

    /** Runs a load on the loader thread; the future completes there. */
    <T> CompletableFuture<T> load(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
