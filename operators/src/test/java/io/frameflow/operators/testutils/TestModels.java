package io.frameflow.operators.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.LabelProbability;
import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.Prediction;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The two models of the model-lifecycle tests and descriptors for them: the bundled Fashion-MNIST
 * model (10 classes) and {@code fashion_mnist_coarse}, a small model trained for the tests
 * (model-zoo/training/train_coarse_fixture.py) that sorts the same 28×28 images into 5 coarse
 * categories whose names the bundled model's labels do not share, so a prediction made by one model
 * but tagged with the other shows.
 */
public final class TestModels {

    /** The coarse model's name (and folder). */
    public static final String COARSE = "fashion_mnist_coarse";

    /** The coarse model's labels, in output order. */
    public static final List<String> COARSE_LABELS =
            List.of("upper body", "lower body", "one-piece", "footwear", "accessory");

    /** The coarse category of each Fashion-MNIST class, in class order (as the script trains). */
    private static final List<String> COARSE_OF_CLASS =
            List.of(
                    "upper body",
                    "lower body",
                    "upper body",
                    "one-piece",
                    "upper body",
                    "footwear",
                    "upper body",
                    "footwear",
                    "accessory",
                    "footwear");

    private static final String RESOURCE_DIR = "/models/" + COARSE + "/";
    private static final List<String> FILES =
            List.of(COARSE + ".pt", "synset.txt", "serving.properties");

    private TestModels() {}

    /**
     * Copies the coarse model out of the test classpath into {@code parent}/fashion_mnist_coarse.
     */
    public static Path coarse(Path parent) {
        Path folder = parent.resolve(COARSE);
        try {
            Files.createDirectories(folder);
            for (String file : FILES) {
                try (InputStream in = TestModels.class.getResourceAsStream(RESOURCE_DIR + file)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "test model file "
                                        + RESOURCE_DIR
                                        + file
                                        + " is not on the classpath; train it with"
                                        + " model-zoo/training/train_coarse_fixture.py");
                    }
                    Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** SHA-256 of the coarse model's TorchScript file in a folder made by {@link #coarse}. */
    public static String sha256(Path modelFolder) {
        return Sha256.of(modelFolder.resolve(modelFolder.getFileName() + ".pt"));
    }

    /** SHA-256 of the bundled model's TorchScript file. */
    public static String bundledSha256() {
        return BundledModel.FLOAT.metadata().sha256();
    }

    /** The bundled model's version, as its predictions carry it. */
    public static String bundledVersion() {
        return ModelDescriptors.version(bundledSha256());
    }

    /** A descriptor that gives the bundled model a role. */
    public static ModelDescriptor bundled(ModelRole role, Double canaryPercent) {
        return ModelDescriptors.create(
                BundledModel.FLOAT.modelName(),
                "bundled",
                bundledSha256(),
                role,
                canaryPercent,
                "test");
    }

    /** A descriptor that gives the model in a folder (made by {@link #coarse}) a role. */
    public static ModelDescriptor of(Path modelFolder, ModelRole role, Double canaryPercent) {
        return ModelDescriptors.create(
                null, modelFolder.toString(), sha256(modelFolder), role, canaryPercent, "test");
    }

    /** The coarse category of a Fashion-MNIST class name: what the coarse model should say. */
    public static String coarseLabelOf(String fashionMnistLabel) {
        int index = FashionMnist.CLASS_NAMES.indexOf(fashionMnistLabel);
        if (index < 0) {
            throw new IllegalArgumentException("not a Fashion-MNIST class: " + fashionMnistLabel);
        }
        return COARSE_OF_CLASS.get(index);
    }

    /**
     * Asserts that a prediction's labels are those of the model it names (the bundled model's or
     * the coarse one's): a prediction made by one model but tagged with the other fails here.
     */
    public static void assertLabelsMatchVersion(Prediction p) {
        List<String> labels =
                p.getModelVersion().equals(bundledVersion())
                        ? FashionMnist.CLASS_NAMES
                        : COARSE_LABELS;
        for (LabelProbability label : p.getTopK()) {
            assertThat(labels)
                    .as(
                            "label '%s' of %s, made by %s",
                            label.getLabel(), p.getEventId(), p.getModelVersion())
                    .contains(label.getLabel());
        }
    }
}
