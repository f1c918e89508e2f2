package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.Prediction;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ModelSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SharedModelsTest {

    @Test
    void twoSubtasksInOneJvmShareOneSetOfWeights() throws Exception {
        ModelSpec spec = BundledModel.FLOAT.spec().toBuilder().optTopK(3).build();
        ClassifierOptions options =
                ClassifierOptions.defaults(spec).withThreads(1, 1).withWarmUp(false);
        var first = harness(options, 0);
        var second = harness(options, 1);

        assertThat(SharedModels.references(spec)).isEqualTo(2);
        first.processElement(Frames.frame(0), 1L);
        first.endInput();
        second.processElement(Frames.frame(0), 1L);
        second.endInput();
        assertThat(first.extractOutputValues().get(0).getTopK())
                .isEqualTo(second.extractOutputValues().get(0).getTopK());

        first.close();
        assertThat(SharedModels.references(spec)).isEqualTo(1);
        second.close();
        assertThat(SharedModels.references(spec)).isZero();
    }

    @Test
    void theModelIsLoadedOnceAndClosedWithItsLastLease() {
        ModelSpec spec = ModelSpec.builder().setLocation("test-only").build();
        AtomicInteger loads = new AtomicInteger();
        var model = io.frameflow.zoo.model.ModelLoader.load(BundledModel.FLOAT.spec());

        SharedModels.Lease a =
                SharedModels.acquire(
                        spec,
                        s -> {
                            loads.incrementAndGet();
                            return model;
                        });
        SharedModels.Lease b =
                SharedModels.acquire(
                        spec,
                        s -> {
                            loads.incrementAndGet();
                            return model;
                        });

        assertThat(loads).hasValue(1);
        assertThat(a.model()).isSameAs(b.model());
        a.close();
        a.close(); // releasing twice counts once
        assertThat(SharedModels.references(spec)).isEqualTo(1);
        b.close();
        assertThat(SharedModels.references(spec)).isZero();
    }

    private static OneInputStreamOperatorTestHarness<DecodedFrame, Prediction> harness(
            ClassifierOptions options, int subtask) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<DecodedFrame, Prediction>(
                        new MicroBatchClassifierOperator(options), 4, 2, subtask);
        harness.setup();
        harness.open();
        return harness;
    }
}
