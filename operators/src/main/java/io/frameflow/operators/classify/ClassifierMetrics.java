package io.frameflow.operators.classify;

import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodeMetrics;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the classifier operator. Names are part of Frameflow's interface (dashboards use them)
 * and are listed in the README.
 */
public final class ClassifierMetrics {

    /** Histogram: inference time of each batch, milliseconds. */
    public static final String BATCH_INFERENCE_MILLIS = "batchInferenceMillis";

    /** Histogram: event time to emit time of each prediction, milliseconds. */
    public static final String END_TO_END_LATENCY_MILLIS = "endToEndLatencyMillis";

    /** Histogram: time each frame waited in the buffer for its batch, milliseconds. */
    public static final String QUEUE_WAIT_MILLIS = "queueWaitMillis";

    /** Histogram: size of each batch. */
    public static final String BATCH_SIZE = "batchSize";

    /** Counter: frames classified. */
    public static final String FRAMES_CLASSIFIED = "framesClassified";

    /** Meter: frames classified per second. */
    public static final String FRAMES_PER_SECOND = "framesPerSecond";

    /** Gauge: frames in the buffer now. */
    public static final String FRAMES_BUFFERED = "framesBuffered";

    private final Histogram batchInferenceMillis;
    private final Histogram endToEndLatencyMillis;
    private final Histogram queueWaitMillis;
    private final Histogram batchSize;
    private final Counter framesClassified;
    private final Counter inferDeadLetters;

    public ClassifierMetrics(MetricGroup group, IntSupplier buffered) {
        this.batchInferenceMillis = histogram(group, BATCH_INFERENCE_MILLIS);
        this.endToEndLatencyMillis = histogram(group, END_TO_END_LATENCY_MILLIS);
        this.queueWaitMillis = histogram(group, QUEUE_WAIT_MILLIS);
        this.batchSize = histogram(group, BATCH_SIZE);
        this.framesClassified = group.counter(FRAMES_CLASSIFIED);
        group.meter(FRAMES_PER_SECOND, new MeterView(framesClassified));
        group.gauge(FRAMES_BUFFERED, (Gauge<Integer>) buffered::getAsInt);
        this.inferDeadLetters = DeadLetters.counter(group, Stage.INFER);
    }

    private static Histogram histogram(MetricGroup group, String name) {
        return group.histogram(
                name, new DescriptiveStatisticsHistogram(DecodeMetrics.HISTOGRAM_WINDOW));
    }

    void batch(int size, long inferenceMicros) {
        batchSize.update(size);
        batchInferenceMillis.update(inferenceMicros / 1_000);
    }

    void classified(long queueWaitMicros, long endToEndMillis) {
        framesClassified.inc();
        queueWaitMillis.update(queueWaitMicros / 1_000);
        endToEndLatencyMillis.update(endToEndMillis);
    }

    void deadLetter() {
        inferDeadLetters.inc();
    }
}
