package io.frameflow.job.produce;

/**
 * What a producer run sent.
 *
 * @param frames records sent, damaged ones included
 * @param damaged records deliberately damaged
 * @param seconds wall time
 */
public record ProduceStats(long frames, long damaged, double seconds) {

    public double framesPerSecond() {
        return seconds == 0 ? 0 : frames / seconds;
    }
}
