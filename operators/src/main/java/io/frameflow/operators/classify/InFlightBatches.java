package io.frameflow.operators.classify;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.function.ThrowingConsumer;

/**
 * Runs a subtask's batches on a worker thread of its own, so that while the model computes batch n
 * the task thread goes on reading, decoding and filling batch n+1. At most {@code capacity} batches
 * are in flight; each batch's result is handed back to the task thread through Flink's mailbox, in
 * submission order (one worker, FIFO mails), because a Flink output may only be used from the task
 * thread.
 *
 * <p>The caller drains the window before every checkpoint barrier, watermark and end of input, so
 * nothing is in flight across a barrier and exactly-once needs no state, as with the synchronous
 * operator. Waiting for room or for the drain yields to the mailbox, like Flink's {@code
 * AsyncWaitOperator} does, so the results it waits for can arrive.
 */
final class InFlightBatches implements AutoCloseable {

    private final MailboxExecutor mailbox;
    private final int capacity;
    private final ExecutorService worker;

    /** Batches submitted whose results have not been handed back yet; task thread only. */
    private int inFlight;

    InFlightBatches(MailboxExecutor mailbox, int capacity, String threadName) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.mailbox = mailbox;
        this.capacity = capacity;
        this.worker =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, threadName);
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Runs set-up on the worker thread (thread-local engine settings, warm-up) and waits for it.
     */
    void runOnWorker(Runnable setUp) throws Exception {
        Future<?> done = worker.submit(setUp);
        done.get();
    }

    /**
     * Waits, yielding to the mailbox, while the window is full. Other mails run meanwhile (timers,
     * results, a model swap): callers take what they submit only after this returns.
     */
    void awaitRoom() throws InterruptedException {
        while (inFlight >= capacity) {
            mailbox.yield();
        }
    }

    /**
     * Computes a batch on the worker and hands its result to {@code emit} on the task thread; first
     * waits, yielding to the mailbox, while the window is full.
     */
    <T> void submit(Supplier<T> work, ThrowingConsumer<T, Exception> emit)
            throws InterruptedException {
        awaitRoom();
        inFlight++;
        worker.execute(
                () -> {
                    T result;
                    try {
                        result = work.get();
                    } catch (Throwable failure) {
                        mailbox.execute(
                                () -> {
                                    inFlight--;
                                    throw new IllegalStateException(
                                            "classifying a batch failed", failure);
                                },
                                "fail the task: a batch could not be classified");
                        return;
                    }
                    mailbox.execute(
                            () -> {
                                inFlight--;
                                emit.accept(result);
                            },
                            "emit a classified batch");
                });
    }

    /** Waits, yielding to the mailbox, until every submitted batch has been emitted. */
    void drain() throws InterruptedException {
        while (inFlight > 0) {
            mailbox.yield();
        }
    }

    /** Batches in flight now. */
    int size() {
        return inFlight;
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
