package io.frameflow.sql;

import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/**
 * The synchronous {@code ML_PREDICT} function, for {@code MAP['async', 'false']} and planners that
 * need one: each row is decoded and classified on the task thread, alone (a batch of one), since a
 * synchronous call must return its row before the next row arrives. Same model, limits, metrics and
 * output as {@link AsyncImageClassifyFunction}, without its batching.
 */
public final class ImageClassifyFunction extends PredictFunction {
    private static final long serialVersionUID = 1L;

    private final PredictSettings settings;

    private transient PredictSubtask subtask;

    ImageClassifyFunction(PredictSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) {
        subtask = PredictSubtask.open(settings, context, () -> 0, () -> 0);
        subtask.prepareInferenceThread(1);
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        long arrival = System.nanoTime();
        PredictSubtask.Decoded decoded = subtask.decode(input);
        if (decoded.rejected() != null) {
            return List.of(decoded.rejected());
        }
        return subtask.classify(List.of(new PredictSubtask.Pending(decoded.pixels(), arrival)));
    }

    @Override
    public void close() {
        if (subtask != null) {
            subtask.close();
        }
    }
}
