package io.frameflow.operators.decode;

import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the decode step. Names are part of Frameflow's interface (dashboards use them) and are
 * listed in the README; dead letters per stage are counted as {@link DeadLetters#METRIC}, for the
 * stages at which decoding rejects an image ({@link #STAGES}), so that a function that decodes and
 * classifies can register the {@code infer} counter of {@link
 * io.frameflow.operators.classify.ClassifierMetrics} on the same group.
 */
public final class DecodeMetrics {

    /** Histogram of per-image decode + preprocess time, microseconds. */
    public static final String DECODE_MICROS = "decodeMicros";

    /** Counter of images decoded successfully. */
    public static final String FRAMES_DECODED = "framesDecoded";

    /** The stages at which fetching, validating and decoding reject an image. */
    public static final Set<Stage> STAGES = EnumSet.of(Stage.FETCH, Stage.VALIDATE, Stage.DECODE);

    /** How many recent values each histogram keeps for its statistics. */
    public static final int HISTOGRAM_WINDOW = 10_000;

    private final MetricGroup group;
    private final Histogram decodeMicros;
    private final Counter framesDecoded;
    private final Map<Stage, Counter> deadLetters = new EnumMap<>(Stage.class);

    public DecodeMetrics(MetricGroup group) {
        this.group = group;
        this.decodeMicros =
                group.histogram(
                        DECODE_MICROS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.framesDecoded = group.counter(FRAMES_DECODED);
        for (Stage stage : STAGES) {
            deadLetters.put(stage, DeadLetters.counter(group, stage));
        }
    }

    /** Records one image decoded and preprocessed in {@code micros}. */
    public void decoded(long micros) {
        framesDecoded.inc();
        decodeMicros.update(micros);
    }

    /** Counts one image rejected at a stage (one of {@link #STAGES}). */
    public void deadLetter(Stage stage) {
        // Another stage is not expected here; its counter is registered when it first happens.
        deadLetters.computeIfAbsent(stage, s -> DeadLetters.counter(group, s)).inc();
    }
}
