package io.frameflow.operators.classify;

import io.frameflow.operators.decode.DecodedFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** The frames of one micro-batch, with when each arrived, until it is classified and emitted. */
final class PendingBatch {

    private final List<StreamRecord<DecodedFrame>> records;
    private final long[] arrivalNanos;

    PendingBatch(int capacity) {
        this.records = new ArrayList<>(capacity);
        this.arrivalNanos = new long[capacity];
    }

    void add(StreamRecord<DecodedFrame> record, long nowNanos) {
        arrivalNanos[records.size()] = nowNanos;
        records.add(record);
    }

    int size() {
        return records.size();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    StreamRecord<DecodedFrame> record(int i) {
        return records.get(i);
    }

    long arrivalNanos(int i) {
        return arrivalNanos[i];
    }

    /**
     * Classifies the frames, each with the model the routing gives its camera, then all of them
     * with the shadow, if there is one; runs on whichever thread does inference.
     */
    Classified classify(ModelRouting routing) {
        int n = records.size();
        LoadedModel[] models = new LoadedModel[n];
        for (int i = 0; i < n; i++) {
            models[i] = routing.route(records.get(i).getValue().event.getSourceId());
        }
        BatchClassifier.Outcome[] outcomes = new BatchClassifier.Outcome[n];
        List<Part> parts = new ArrayList<>(2);
        long start = System.nanoTime();
        for (LoadedModel model :
                routing.canary() == null
                        ? List.of(routing.active())
                        : List.of(routing.active(), routing.canary())) {
            List<Integer> mine = new ArrayList<>(n);
            List<byte[]> pixels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (models[i] == model) {
                    mine.add(i);
                    pixels.add(records.get(i).getValue().pixels);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            long partStart = System.nanoTime();
            List<BatchClassifier.Outcome> partOutcomes = model.classify(pixels);
            parts.add(new Part(model, mine.size(), (System.nanoTime() - partStart) / 1_000));
            for (int j = 0; j < mine.size(); j++) {
                outcomes[mine.get(j)] = partOutcomes.get(j);
            }
        }
        long inferenceMicros = (System.nanoTime() - start) / 1_000;
        List<BatchClassifier.Outcome> shadow = null;
        long shadowMicros = 0;
        if (routing.shadow() != null) {
            List<byte[]> pixels = new ArrayList<>(n);
            for (StreamRecord<DecodedFrame> record : records) {
                pixels.add(record.getValue().pixels);
            }
            long shadowStart = System.nanoTime();
            shadow = routing.shadow().classify(pixels);
            shadowMicros = (System.nanoTime() - shadowStart) / 1_000;
        }
        return new Classified(
                Arrays.asList(outcomes),
                Arrays.asList(models),
                parts,
                routing.shadow(),
                shadow,
                start,
                inferenceMicros,
                shadowMicros);
    }

    /**
     * The frames of a batch one model classified, and how long it took.
     *
     * @param model the model
     * @param frames how many frames it classified
     * @param micros how long its inference took
     */
    record Part(LoadedModel model, int frames, long micros) {}

    /**
     * A batch's outcomes, in frame order, and when and how long its inference ran.
     *
     * @param outcomes one per frame
     * @param models the model that classified each frame
     * @param parts each model's share of the batch
     * @param shadowModel the shadow, or null
     * @param shadowOutcomes the shadow's outcome per frame, or null without a shadow
     * @param startNanos when inference started ({@link System#nanoTime()})
     * @param inferenceMicros how long the active and canary models took together
     * @param shadowMicros how long the shadow took
     */
    record Classified(
            List<BatchClassifier.Outcome> outcomes,
            List<LoadedModel> models,
            List<Part> parts,
            LoadedModel shadowModel,
            List<BatchClassifier.Outcome> shadowOutcomes,
            long startNanos,
            long inferenceMicros,
            long shadowMicros) {}
}
