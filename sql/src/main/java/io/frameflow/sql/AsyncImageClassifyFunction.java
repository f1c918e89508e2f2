package io.frameflow.sql;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The {@code ML_PREDICT} function the planner uses by default: each call decodes its row's image on
 * the task thread and queues it for the subtask's {@link MicroBatcher}, which classifies the images
 * of all calls in flight together and completes each call with its output row. Flink's async
 * operator checkpoints the calls in flight, so exactly-once holds.
 *
 * <p>A batch holds at most as many images as ML_PREDICT keeps in flight ({@code
 * 'max-concurrent-operations'}, default 10): with fewer, a full batch could never form and each
 * would wait for {@code max-wait}.
 */
public final class AsyncImageClassifyFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;

    private final PredictSettings settings;
    private final int flushAt;

    private transient PredictSubtask subtask;
    private transient MicroBatcher batcher;

    AsyncImageClassifyFunction(PredictSettings settings, int flushAt) {
        this.settings = settings;
        this.flushAt = flushAt;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        subtask =
                PredictSubtask.open(
                        settings,
                        context,
                        () -> batcher == null ? 0 : batcher.waiting(),
                        () -> batcher == null ? 0 : batcher.inFlight());
        batcher =
                new MicroBatcher(
                        flushAt,
                        settings.classifier().maxWait(),
                        subtask::classify,
                        subtask::prepareInferenceThread,
                        "frameflow-ml-predict-" + context.getTaskInfo().getIndexOfThisSubtask());
        batcher.start();
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData input) {
        long arrival = System.nanoTime();
        PredictSubtask.Decoded decoded = subtask.decode(input);
        if (decoded.rejected() != null) {
            return CompletableFuture.completedFuture(List.of(decoded.rejected()));
        }
        return batcher.submit(new PredictSubtask.Pending(decoded.pixels(), arrival));
    }

    @Override
    public void close() throws Exception {
        try {
            if (batcher != null) {
                batcher.close();
            }
        } finally {
            if (subtask != null) {
                subtask.close();
            }
        }
    }
}
