package io.frameflow.operators.classify;

import io.frameflow.operators.decode.DecodedFrame;
import java.util.ArrayList;
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

    /** Classifies the frames; runs on whichever thread does inference. */
    Classified classify(BatchClassifier classifier) {
        List<byte[]> images = new ArrayList<>(records.size());
        for (StreamRecord<DecodedFrame> record : records) {
            images.add(record.getValue().pixels);
        }
        long start = System.nanoTime();
        List<BatchClassifier.Outcome> outcomes = classifier.classify(images);
        return new Classified(outcomes, start, (System.nanoTime() - start) / 1_000);
    }

    /**
     * A batch's outcomes, in frame order, and when and how long its inference ran.
     *
     * @param outcomes one per frame
     * @param startNanos when inference started ({@link System#nanoTime()})
     * @param inferenceMicros how long it took
     */
    record Classified(
            List<BatchClassifier.Outcome> outcomes, long startNanos, long inferenceMicros) {}
}
