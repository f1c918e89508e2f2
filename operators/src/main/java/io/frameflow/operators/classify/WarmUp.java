package io.frameflow.operators.classify;

import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs blank batches before the first real frame: of one frame (what a timer flush under light load
 * sends) and of the full batch size (what a busy stream sends), twice each, because TorchScript's
 * profiling executor optimises the graph per input shape on its first runs. Measured on this
 * project's 2-core machine, the first batch of a new size costs 1.5-6x a steady one (10 ms instead
 * of 1.5-5 ms for the bundled model), small enough that other sizes are left to warm up on their
 * own instead of paying for every size at start-up.
 */
final class WarmUp {

    /** Runs per size: the profiling run and the first optimised run. */
    private static final int RUNS = 2;

    private WarmUp() {}

    static void run(BatchClassifier classifier, Preprocessing p, int batchSize) {
        byte[] blank = new byte[ImagePixels.length(p)];
        for (int size : batchSize == 1 ? new int[] {1} : new int[] {1, batchSize}) {
            List<byte[]> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(blank);
            }
            for (int run = 0; run < RUNS; run++) {
                classifier.classify(batch);
            }
        }
    }
}
