package io.frameflow.operators.decode;

import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the decode step. Names are part of Frameflow's interface (dashboards use them) and are
 * listed in the README; dead letters per stage are counted as {@link DeadLetters#METRIC}.
 */
public final class DecodeMetrics {

    /** Histogram of per-image decode + preprocess time, microseconds. */
    public static final String DECODE_MICROS = "decodeMicros";

    /** Counter of images decoded successfully. */
    public static final String FRAMES_DECODED = "framesDecoded";

    /** How many recent values each histogram keeps for its statistics. */
    public static final int HISTOGRAM_WINDOW = 10_000;

    private final Histogram decodeMicros;
    private final Counter framesDecoded;
    private final Map<Stage, Counter> deadLetters = new EnumMap<>(Stage.class);

    public DecodeMetrics(MetricGroup group) {
        this.decodeMicros =
                group.histogram(
                        DECODE_MICROS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.framesDecoded = group.counter(FRAMES_DECODED);
        for (Stage stage : Stage.values()) {
            deadLetters.put(stage, DeadLetters.counter(group, stage));
        }
    }

    void decoded(long micros) {
        framesDecoded.inc();
        decodeMicros.update(micros);
    }

    void deadLetter(Stage stage) {
        deadLetters.get(stage).inc();
    }
}
