package io.frameflow.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.flink.table.data.RowData;

/**
 * Gathers the images of every in-flight {@code ML_PREDICT} call of a subtask into micro-batches on
 * a thread of its own, and completes each call's future with its row. A batch goes to the model
 * when it holds {@code flushAt} images, or when its first image has waited {@code maxWait}; what
 * arrived meanwhile joins it, up to {@code flushAt}. While the model computes one batch the task
 * thread goes on reading and decoding the next rows.
 *
 * <p>Nothing needs flushing at a checkpoint: Flink's async operator keeps the calls in flight in
 * its state and calls them again after a restore, so exactly-once holds without this class knowing.
 */
final class MicroBatcher implements AutoCloseable {

    /** An image waiting for its batch, and the future its output row completes. */
    record Request(
            PredictSubtask.Pending image,
            long queuedNanos,
            CompletableFuture<Collection<RowData>> result) {}

    private final int flushAt;
    private final long maxWaitNanos;
    private final Function<List<PredictSubtask.Pending>, List<RowData>> classify;
    private final IntConsumer setUp;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread thread;

    private volatile boolean running = true;
    private volatile boolean classifying;

    /**
     * @param flushAt images per full batch
     * @param maxWait longest the first image of a batch waits
     * @param classify classifies a batch: one output row per image, in order
     * @param setUp prepares the batcher's thread for inference, given the largest batch
     * @param threadName the batcher thread's name
     */
    MicroBatcher(
            int flushAt,
            Duration maxWait,
            Function<List<PredictSubtask.Pending>, List<RowData>> classify,
            IntConsumer setUp,
            String threadName) {
        if (flushAt < 1) {
            throw new IllegalArgumentException("flushAt must be >= 1, was " + flushAt);
        }
        this.flushAt = flushAt;
        this.maxWaitNanos = maxWait.toNanos();
        this.classify = classify;
        this.setUp = setUp;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts the thread and waits until its set-up (warm-up) is done; fails as the set-up did. */
    void start() throws Exception {
        thread.start();
        try {
            ready.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Queues an image for the next batch; its row completes {@code result}. Any thread. */
    CompletableFuture<Collection<RowData>> submit(PredictSubtask.Pending image) {
        CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
        waiting.incrementAndGet();
        queue.add(new Request(image, System.nanoTime(), result));
        if (!running) {
            failQueued(new IllegalStateException("the ML_PREDICT batcher is closed"));
        }
        return result;
    }

    /** Images waiting for their batch now. */
    int waiting() {
        return waiting.get();
    }

    /** Batches being classified now (0 or 1). */
    int inFlight() {
        return classifying ? 1 : 0;
    }

    private void run() {
        try {
            setUp.accept(flushAt);
            ready.complete(null);
        } catch (Throwable failure) {
            ready.completeExceptionally(failure);
            return;
        }
        List<Request> batch = new ArrayList<>(flushAt);
        while (running) {
            try {
                fill(batch);
            } catch (InterruptedException e) {
                batch.forEach(r -> queue.add(r)); // failed below, with the rest
                break;
            }
            waiting.addAndGet(-batch.size());
            classifying = true;
            try {
                complete(batch);
            } finally {
                classifying = false;
                batch.clear();
            }
        }
        failQueued(new IllegalStateException("the ML_PREDICT batcher was closed"));
    }

    /** Waits for a first image, then for more until the batch is full or its time is up. */
    private void fill(List<Request> batch) throws InterruptedException {
        Request first = queue.take();
        batch.add(first);
        long deadline = first.queuedNanos() + maxWaitNanos;
        while (batch.size() < flushAt) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Request next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        // Images that queued while this thread was classifying are past their wait: take them.
        queue.drainTo(batch, flushAt - batch.size());
    }

    private void complete(List<Request> batch) {
        List<PredictSubtask.Pending> images = new ArrayList<>(batch.size());
        for (Request request : batch) {
            images.add(request.image());
        }
        List<RowData> rows;
        try {
            rows = classify.apply(images);
        } catch (Throwable failure) {
            // Not a bad image (those get an error row): the model itself failed. Failing the
            // calls fails the task, and Flink restores the rows in flight from the checkpoint.
            batch.forEach(r -> r.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(List.of(rows.get(i)));
        }
    }

    private void failQueued(Exception why) {
        Request request;
        while ((request = queue.poll()) != null) {
            waiting.decrementAndGet();
            request.result().completeExceptionally(why);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        failQueued(new IllegalStateException("the ML_PREDICT batcher was closed"));
    }
}
