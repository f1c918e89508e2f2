package io.frameflow.zoo.eval;

/**
 * Top-1 accuracy of a model on a labelled set, and how fast it got there.
 *
 * @param correct images whose top-1 label was the true one
 * @param total images classified
 * @param seconds wall time, preprocessing and inference
 */
public record AccuracyResult(int correct, int total, double seconds) {

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    public double imagesPerSecond() {
        return total / seconds;
    }
}
