package io.frameflow.operators.classify;

import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs blank batches of each size the operator can produce before the first real frame, because
 * TorchScript's profiling executor optimises the graph per input shape on the first runs.
 */
final class WarmUp {

    /** Runs per size: the profiling run and the first optimised run. */
    private static final int RUNS = 2;

    private WarmUp() {}

    static void run(BatchClassifier classifier, Preprocessing p, int maxBatchSize) {
        float[] blank = new float[p.channels() * p.height() * p.width()];
        for (int size = 1; size <= maxBatchSize; size++) {
            List<float[]> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(blank);
            }
            for (int run = 0; run < RUNS; run++) {
                classifier.classify(batch);
            }
        }
    }
}
