package io.frameflow.zoo.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.AccuracyResult;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Precision;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The model on a real CUDA device: loaded with mapLocation, fed bytes normalised on the device, in
 * fp32 and fp16. Runs with {@code ../shared/gpu} ({@code --include-tag gpu}); the build leaves the
 * {@code gpu} tag out, so without a GPU it is neither run nor counted.
 */
@Tag("gpu")
@EnabledIfEnvironmentVariable(
        named = "FRAMEFLOW_GPU_TEST",
        matches = "1",
        disabledReason = "needs a CUDA GPU: run it with ../shared/gpu (README)")
class GpuClassifierTest {

    private static final int IMAGES = 512;

    @BeforeAll
    static void aGpuIsThere() {
        assertThat(PyTorchRuntime.engine().getGpuCount())
                .as("GPUs DJL sees (torch saw '%s')", System.getenv("FRAMEFLOW_GPU_NAME"))
                .isPositive();
    }

    @Test
    void theBundledModelRunsOnTheGpuAndAgreesWithTheCpu() throws Exception {
        List<byte[]> images = images(IMAGES);
        try (ClassifierModel cpu = ModelLoader.load(BundledModel.FLOAT.spec());
                ClassifierModel gpu = ModelLoader.load(onGpu(BundledModel.FLOAT.spec()))) {
            assertThat(gpu.device().isGpu()).isTrue();
            List<float[]> expected = classify(cpu, images);
            List<float[]> actual = classify(gpu, images);
            for (int i = 0; i < IMAGES; i++) {
                assertThat(actual.get(i))
                        .as("image %d", i)
                        .containsExactly(expected.get(i), within(1e-3f));
            }
        }
    }

    @Test
    void fullBatchesOfEveryImageRunOnTheDevice() throws Exception {
        try (ClassifierModel gpu = ModelLoader.load(onGpu(BundledModel.FLOAT.spec()))) {
            AccuracyResult accuracy =
                    Evaluator.accuracy(gpu, FashionMnist.testSet(), Integer.MAX_VALUE, 256);
            assertThat(accuracy.accuracy())
                    .as("accuracy on the GPU")
                    .isCloseTo(BundledModel.FLOAT.metadata().testAccuracy(), within(0.002));
        }
    }

    @Test
    void halfPrecisionKeepsTheAccuracyWithinHalfAPoint() throws Exception {
        ModelSpec fp16 =
                onGpu(ModelSpec.builder().setLocation(BundledModel.FLOAT.location()).build())
                        .toBuilder()
                        .optPrecision(Precision.FP16)
                        .build();
        try (ClassifierModel gpu = ModelLoader.load(fp16)) {
            assertThat(gpu.precision()).isEqualTo(Precision.FP16);
            AccuracyResult accuracy =
                    Evaluator.accuracy(gpu, FashionMnist.testSet(), Integer.MAX_VALUE, 256);
            System.out.printf(
                    "fp16 accuracy on the GPU: %.4f (fp32 %.4f)%n",
                    accuracy.accuracy(), BundledModel.FLOAT.metadata().testAccuracy());
            assertThat(accuracy.accuracy())
                    .isCloseTo(BundledModel.FLOAT.metadata().testAccuracy(), within(0.005));
        }
    }

    private static ModelSpec onGpu(ModelSpec spec) {
        return spec.toBuilder().optDevice(DeviceChoice.parse("gpu")).build();
    }

    private static List<float[]> classify(ClassifierModel model, List<byte[]> images)
            throws Exception {
        try (Predictor<List<byte[]>, List<float[]>> predictor =
                model.model().newPredictor(model.newBatchTranslator(true))) {
            List<float[]> rows = new ArrayList<>();
            for (int from = 0; from < images.size(); from += 128) {
                rows.addAll(predictor.predict(images.subList(from, from + 128)));
            }
            return rows;
        }
    }

    private static List<byte[]> images(int count) {
        FashionMnist testSet = FashionMnist.testSet();
        var p = ModelLoader.preprocessingOf(BundledModel.FLOAT.spec());
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(ImagePixels.of(testSet.image(i), p));
        }
        return images;
    }
}
