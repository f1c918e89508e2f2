package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.frameflow.event.Prediction;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ModelSpec;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ClassifierMetricsTest {

    @Test
    void registersEveryMetricUnderItsDocumentedNameWithTheRightValues() throws Exception {
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        MockEnvironment environment =
                new MockEnvironmentBuilder()
                        .setMetricGroup(
                                new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                                    @Override
                                    public InternalOperatorMetricGroup getOrAddOperator(
                                            OperatorID id, String name, Map<String, String> vars) {
                                        return metrics;
                                    }
                                })
                        .build();
        ClassifierOptions options =
                ClassifierOptions.defaults(BundledModel.FLOAT.spec())
                        .withBatchSize(4)
                        .withMaxWait(Duration.ofHours(1))
                        .withThreads(1, 1)
                        .withWarmUp(false);
        try (var harness =
                new OneInputStreamOperatorTestHarness<DecodedFrame, Prediction>(
                        new MicroBatchClassifierOperator(options), environment)) {
            harness.setup();
            harness.open();

            harness.processElement(Frames.frame(0), 1L);
            @SuppressWarnings("unchecked")
            Gauge<Integer> buffered =
                    (Gauge<Integer>) metrics.get(ClassifierMetrics.FRAMES_BUFFERED);
            assertThat(buffered.getValue()).isEqualTo(1);
            for (int i = 1; i < 6; i++) {
                harness.processElement(Frames.frame(i), 1L + i);
            }

            assertThat(buffered.getValue()).isEqualTo(2);
            assertThat(((Counter) metrics.get(ClassifierMetrics.FRAMES_CLASSIFIED)).getCount())
                    .isEqualTo(4);
            Histogram batchSize = (Histogram) metrics.get(ClassifierMetrics.BATCH_SIZE);
            assertThat(batchSize.getCount()).isEqualTo(1);
            assertThat(batchSize.getStatistics().getMax()).isEqualTo(4);
            assertThat(
                            ((Histogram) metrics.get(ClassifierMetrics.BATCH_INFERENCE_MILLIS))
                                    .getCount())
                    .isEqualTo(1);
            Histogram latency =
                    (Histogram) metrics.get(ClassifierMetrics.END_TO_END_LATENCY_MILLIS);
            assertThat(latency.getCount()).isEqualTo(4);
            // Event times are 1 ms after the epoch: the latency is "now".
            assertThat(latency.getStatistics().getMin()).isGreaterThan(1_700_000_000_000L);
            assertThat(((Histogram) metrics.get(ClassifierMetrics.QUEUE_WAIT_MILLIS)).getCount())
                    .isEqualTo(4);
            assertThat(metrics.get(ClassifierMetrics.FRAMES_PER_SECOND)).isInstanceOf(Meter.class);
            assertThat(((Gauge<?>) metrics.get(ClassifierMetrics.BATCHES_IN_FLIGHT)).getValue())
                    .isEqualTo(0);
            assertThat(((Gauge<?>) metrics.get(ClassifierMetrics.OPENMP_PASSIVE_WAIT)).getValue())
                    .isEqualTo(1);
        }
    }

    @Test
    void eachModelCountsUnderItsVersionAndRoleAndALaterComebackAddsUp() {
        MetricListener listener = new MetricListener();
        ClassifierMetrics metrics =
                new ClassifierMetrics(listener.getMetricGroup(), () -> 0, () -> 0, Device.cpu());
        ModelSpec spec = BundledModel.FLOAT.spec().toBuilder().optTopK(2).build();
        String version = BundledModel.FLOAT.metadata().sha256().substring(0, 12);
        try (LoadedModel canary = LoadedModel.open(spec, null, LoadedModel.CANARY, null, true)) {
            metrics.model(canary).batch(7_000);
            metrics.model(canary).classified(12, "Coat");
            metrics.model(canary).classified(15, "Coat");
        }
        try (LoadedModel again = LoadedModel.open(spec, null, LoadedModel.CANARY, null, true)) {
            metrics.model(again).classified(20, "Bag");
        }

        String[] group = {ClassifierMetrics.MODEL_GROUP, version, ClassifierMetrics.ROLE_GROUP};
        assertThat(counter(listener, group, "canary", ClassifierMetrics.FRAMES_CLASSIFIED))
                .isEqualTo(3);
        assertThat(
                        counter(
                                listener,
                                group,
                                "canary",
                                ClassifierMetrics.LABEL_GROUP,
                                "Coat",
                                ClassifierMetrics.TOP1_PREDICTIONS))
                .isEqualTo(2);
        assertThat(
                        listener.getHistogram(
                                        concat(
                                                group,
                                                "canary",
                                                ClassifierMetrics.BATCH_INFERENCE_MILLIS))
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(7);
        assertThat(
                        listener.getCounter(
                                concat(group, "active", ClassifierMetrics.FRAMES_CLASSIFIED)))
                .isEmpty();
    }

    private static long counter(MetricListener listener, String[] group, String... rest) {
        return listener.getCounter(concat(group, rest)).orElseThrow().getCount();
    }

    private static String[] concat(String[] group, String... rest) {
        String[] all = java.util.Arrays.copyOf(group, group.length + rest.length);
        System.arraycopy(rest, 0, all, group.length, rest.length);
        return all;
    }
}
