package io.frameflow.operators.classify;

import io.frameflow.event.LabelProbability;
import java.util.ArrayList;
import java.util.List;

/** The k most probable labels of a probability row, most probable first. */
final class TopK {

    private TopK() {}

    static List<LabelProbability> of(float[] probabilities, List<String> labels, int k) {
        int n = Math.min(k, probabilities.length);
        int[] best = new int[n];
        int filled = 0;
        for (int i = 0; i < probabilities.length; i++) {
            // Insertion into a short sorted array: k is small (5), the row may be 1000 wide.
            int pos = filled;
            while (pos > 0 && probabilities[best[pos - 1]] < probabilities[i]) {
                if (pos < n) {
                    best[pos] = best[pos - 1];
                }
                pos--;
            }
            if (pos < n) {
                best[pos] = i;
                if (filled < n) {
                    filled++;
                }
            }
        }
        List<LabelProbability> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new LabelProbability(labels.get(best[i]), probabilities[best[i]]));
        }
        return result;
    }
}
