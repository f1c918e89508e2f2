package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.data.FashionMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model-zoo/training/quantize.py} in the build: its Python unit tests, and an int8 model it
 * writes from the bundled float model loading through the Java loader. Needs Debian's python3-torch
 * and python3-pil ({@code .ci/run} installs them); fails saying so without them.
 */
class QuantizeScriptTest {

    private static final Path TRAINING = Path.of("training").toAbsolutePath();
    private static final String PYTHON =
            System.getenv().getOrDefault("FRAMEFLOW_PYTHON", "/usr/bin/python3");

    @TempDir Path tmp;

    @BeforeAll
    static void pythonWithTorch() throws Exception {
        Run probe = run(TRAINING, PYTHON, "-c", "import torch, PIL");
        assertThat(probe.exitCode())
                .as(
                        "quantize.py needs %s with PyTorch and PIL: apt-get install -y"
                                + " python3-torch python3-pil (or set FRAMEFLOW_PYTHON); %s",
                        PYTHON, probe.output())
                .isZero();
    }

    @Test
    void pythonUnitTestsPass() throws Exception {
        Run tests = run(TRAINING, PYTHON, "-m", "unittest", "test_quantize");

        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("OK");
    }

    @Test
    void anInt8ModelItWritesLoadsAndAgreesWithTheFloatModel() throws Exception {
        FashionMnist testSet = FashionMnist.testSet();
        Path calibration = Files.createDirectories(tmp.resolve("calibration"));
        for (int i = 0; i < 40; i++) {
            ImageIO.write(testSet.image(i), "png", calibration.resolve(i + ".png").toFile());
        }
        Path out = tmp.resolve("my_model_int8");

        Run quantize =
                run(
                        TRAINING,
                        PYTHON,
                        "quantize.py",
                        "--model",
                        BundledModel.FLOAT.folder().toString(),
                        "--calibration",
                        calibration.toString(),
                        "--out",
                        out.toString());

        assertThat(quantize.exitCode()).as(quantize.output()).isZero();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            images.add(ImageFactory.getInstance().fromImage(testSet.image(i)));
        }
        try (ClassifierModel int8 = ModelLoader.load(spec(out.toString()));
                ClassifierModel float32 = ModelLoader.load(BundledModel.FLOAT.spec());
                Predictor<Image, Classifications> int8Predictor = int8.newPredictor();
                Predictor<Image, Classifications> floatPredictor = float32.newPredictor()) {
            assertThat(int8.id()).isEqualTo("my_model_int8");
            assertThat(int8.labels()).isEqualTo(float32.labels());
            assertThat(int8.preprocessing()).isEqualTo(float32.preprocessing());
            assertThat(QuantizedEngine.current()).contains(ModelSpec.DEFAULT_QUANTIZED_ENGINE);
            List<Classifications> int8Results = int8Predictor.batchPredict(images);
            List<Classifications> floatResults = floatPredictor.batchPredict(images);
            int same = 0;
            for (int i = 0; i < images.size(); i++) {
                String best = int8Results.get(i).best().getClassName();
                if (best.equals(floatResults.get(i).best().getClassName())) {
                    same++;
                }
            }
            assertThat(same)
                    .as("int8 top-1 as the float model's, of 40")
                    .isGreaterThanOrEqualTo(38);
        }
        assertThat(Files.size(out.resolve("my_model_int8.pt")))
                .isLessThan(
                        Files.size(
                                        BundledModel.FLOAT
                                                .folder()
                                                .resolve("fashion_mnist_mobilenet_v1.pt"))
                                / 3);
    }

    private static ModelSpec spec(String location) {
        return ModelSpec.builder().setLocation(location).build();
    }

    private record Run(int exitCode, String output) {}

    private static Run run(Path directory, String... command) throws Exception {
        Path log = Files.createTempFile("quantize-script", ".log");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            boolean finished = process.waitFor(10, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return finished
                    ? new Run(process.exitValue(), output)
                    : new Run(-1, "timed out:\n" + output);
        } catch (IOException e) {
            return new Run(-1, String.join(" ", command) + ": " + e.getMessage());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
