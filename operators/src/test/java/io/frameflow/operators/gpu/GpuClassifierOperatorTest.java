package io.frameflow.operators.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.event.Prediction;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The classifier operator on a CUDA device, with a batch in flight while the next one fills: the
 * predictions are the CPU operator's. Runs with {@code ../shared/gpu} ({@code --include-tag gpu}).
 */
@Tag("gpu")
@EnabledIfEnvironmentVariable(
        named = "FRAMEFLOW_GPU_TEST",
        matches = "1",
        disabledReason = "needs a CUDA GPU: run it with ../shared/gpu (README)")
class GpuClassifierOperatorTest {

    private static final int FRAMES = 200;

    @Test
    void theOperatorOnTheGpuEmitsWhatItEmitsOnTheCpu() throws Exception {
        assertThat(PyTorchRuntime.engine().getGpuCount()).as("GPUs DJL sees").isPositive();
        ClassifierOptions cpu =
                ClassifierOptions.defaults(BundledModel.spec())
                        .withBatchSize(64)
                        .withMaxWait(Duration.ofHours(1));
        ClassifierOptions gpu =
                cpu.withModel(
                                BundledModel.spec().toBuilder()
                                        .optDevice(DeviceChoice.parse("gpu"))
                                        .build())
                        .withInFlightBatches(2);

        List<Prediction> expected = run(cpu);
        List<Prediction> actual = run(gpu);

        assertThat(actual).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(actual.get(i).getEventId()).isEqualTo(expected.get(i).getEventId());
            assertThat(actual.get(i).getTopK().get(0).getLabel())
                    .isEqualTo(expected.get(i).getTopK().get(0).getLabel());
            assertThat(actual.get(i).getTopK().get(0).getProbability())
                    .isCloseTo(expected.get(i).getTopK().get(0).getProbability(), within(1e-3f));
        }
    }

    private static List<Prediction> run(ClassifierOptions options) throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<DecodedFrame, Prediction>(
                        new MicroBatchClassifierOperator(options))) {
            harness.setup();
            harness.open();
            for (int i = 0; i < FRAMES; i++) {
                harness.processElement(Frames.frame(i), 1_000L + i);
            }
            harness.endInput();
            return harness.extractOutputValues();
        }
    }
}
