package io.frameflow.zoo.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The default model shipped inside the model-zoo jar: MobileNetV1 α=0.5 trained on Fashion-MNIST by
 * {@code model-zoo/training/train_fashion_mnist.py}. DJL loads models from disk, so the first use
 * copies it to a folder under {@code java.io.tmpdir} named after its SHA-256.
 */
public final class BundledModel {

    /** The model's name (file stem and folder name). */
    public static final String NAME = "fashion_mnist_mobilenet_v1";

    private static final String RESOURCE_DIR = "/io/frameflow/zoo/bundled/" + NAME + "/";
    private static final List<String> FILES =
            List.of(NAME + ".pt", "synset.txt", "serving.properties", "metadata.json");

    private static volatile Path folder;

    private BundledModel() {}

    /** What the training script recorded about the model. */
    public static ModelMetadata metadata() {
        try (InputStream in = open("metadata.json")) {
            return ModelMetadata.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec of the bundled model, pinned to its recorded SHA-256. */
    public static ModelSpec spec() {
        return ModelSpec.builder()
                .setLocation(ModelSpec.BUNDLED)
                .optSha256(metadata().sha256())
                .build();
    }

    /** The model folder on disk, extracted on first use. */
    public static Path folder() {
        Path result = folder;
        if (result == null) {
            synchronized (BundledModel.class) {
                result = folder;
                if (result == null) {
                    result = extract();
                    folder = result;
                }
            }
        }
        return result;
    }

    private static Path extract() {
        String sha = metadata().sha256();
        Path target =
                Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "frameflow-models",
                                sha.substring(0, 16))
                        .resolve(NAME);
        try {
            Files.createDirectories(target);
            for (String file : FILES) {
                Path destination = target.resolve(file);
                if (Files.exists(destination)) {
                    continue;
                }
                // Write beside, then move: concurrent JVMs never see a half-written file.
                Path partial = Files.createTempFile(target, file, ".part");
                try (InputStream in = open(file)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String actual = Sha256.of(target.resolve(NAME + ".pt"));
            if (!actual.equals(sha)) {
                throw new ModelLoadException(
                        "Extracted bundled model "
                                + target
                                + " has SHA-256 "
                                + actual
                                + ", expected "
                                + sha
                                + "; delete the folder and retry");
            }
            return target;
        } catch (IOException e) {
            throw new ModelLoadException(
                    "Cannot extract the bundled model to " + target + ": " + e, e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = BundledModel.class.getResourceAsStream(RESOURCE_DIR + file);
        if (in == null) {
            throw new ModelLoadException(
                    "The bundled model's "
                            + file
                            + " is missing from the classpath ("
                            + RESOURCE_DIR
                            + "); is frameflow-model-zoo.jar complete?");
        }
        return in;
    }
}
