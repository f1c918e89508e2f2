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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    private static final int PREDICTORS = 8;

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

    /**
     * Several predictors on fresh threads at once, as the classify subtasks of a TaskManager start
     * together, on a three-channel model: each agrees with one predictor alone. Inputs laid out
     * channels-last made every new thread spend seconds in cuDNN's kernel choice, and several at
     * once crashed inside it (a one-channel model such as the bundled one cannot show it: both
     * layouts are the same there).
     */
    @Test
    @Timeout(180)
    void severalPredictorsStartingAtOnceOnAColourModelAgree() throws Exception {
        ModelSpec colour =
                onGpu(ModelSpec.builder().setLocation(exportedColourModel().toString()).build());
        try (ClassifierModel gpu = ModelLoader.load(colour)) {
            List<byte[]> images = randomPixels(gpu, 64);
            List<float[]> alone = classify(gpu, images);
            ExecutorService threads = Executors.newFixedThreadPool(PREDICTORS);
            try {
                List<Future<List<float[]>>> runs = new ArrayList<>();
                for (int k = 0; k < PREDICTORS; k++) {
                    runs.add(threads.submit(() -> classify(gpu, images)));
                }
                for (Future<List<float[]>> run : runs) {
                    List<float[]> together = run.get();
                    for (int i = 0; i < images.size(); i++) {
                        assertThat(together.get(i))
                                .as("image %d", i)
                                .containsExactly(alone.get(i), within(1e-4f));
                    }
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** The random MobileNetV1-1.0-224 that the GPU kit exports ({@code --export v1,1.0,224}). */
    private static Path exportedColourModel() {
        String models = System.getenv("FRAMEFLOW_GPU_MODELS");
        Path folder = models == null ? null : Path.of(models, "mobilenet_v1_1.0_224");
        assertThat(folder)
                .as(
                        "a three-channel model: run the GPU tests with ../shared/gpu's"
                                + " run-on-gpu.sh --export v1,1.0,224")
                .isNotNull()
                .isDirectory();
        return folder;
    }

    private static List<byte[]> randomPixels(ClassifierModel model, int count) {
        Random random = new Random(42);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] pixels = new byte[ImagePixels.length(model.preprocessing())];
            random.nextBytes(pixels);
            images.add(pixels);
        }
        return images;
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
                rows.addAll(
                        predictor.predict(
                                images.subList(from, Math.min(images.size(), from + 128))));
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
