package io.frameflow.job.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the demo has seen so far, as one consistent snapshot.
 *
 * @param produced frames the producer sent, damaged ones included
 * @param damaged frames the producer damaged on purpose
 * @param predictions predictions read (committed)
 * @param deadLetters dead letters read (committed), by stage
 * @param labelled predictions whose frame had a ground-truth label
 * @param correct those whose top-1 label was the ground truth
 * @param framesPerSecond predictions per second over the last seconds
 * @param steadyLatency end-to-end latency of the frames produced after the start-up window
 * @param startupLatency end-to-end latency of the frames produced in the start-up window
 * @param startupWindow how long after producing began frames count as start-up
 * @param meanBatchSize mean micro-batch size of recent predictions
 * @param recent the latest predictions, newest first
 */
public record DemoStats(
        long produced,
        long damaged,
        long predictions,
        Map<String, Long> deadLetters,
        long labelled,
        long correct,
        double framesPerSecond,
        LatencyPercentiles steadyLatency,
        LatencyPercentiles startupLatency,
        Duration startupWindow,
        double meanBatchSize,
        List<RecentPrediction> recent) {

    /** One line of the live view. */
    public record RecentPrediction(
            String camera, String truth, String predicted, float probability) {}

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public double accuracy() {
        return labelled == 0 ? 0 : (double) correct / labelled;
    }

    /** Every frame produced is accounted for as a prediction or a dead letter. */
    public boolean reconciled() {
        return produced == predictions + deadLetterTotal();
    }
}
