package io.frameflow.zoo.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models shipped inside the model-zoo jar, each named by a model location: MobileNetV1 α=0.5
 * trained on Fashion-MNIST by {@code model-zoo/training/train_fashion_mnist.py} ({@code bundled}),
 * and its int8 build by {@code model-zoo/training/quantize_bundled.py} ({@code bundled-int8}). DJL
 * loads models from disk, so the first use copies one to a folder under {@code java.io.tmpdir}
 * named after its SHA-256.
 */
public enum BundledModel {
    /**
     * The float32 model, the default: runs on the CPU and on GPUs, and ships its half-precision
     * export for {@code model.precision: fp16} ({@code model-zoo/training/export_fp16.py}).
     */
    FLOAT(ModelSpec.BUNDLED, "fashion_mnist_mobilenet_v1", true),
    /** Its int8 post-training quantisation: the CPU only, several times the images/s. */
    INT8(ModelSpec.BUNDLED_INT8, "fashion_mnist_mobilenet_v1_int8", false);

    private final String location;
    private final String modelName;
    private final boolean halfExport;
    private volatile Path folder;

    BundledModel(String location, String modelName, boolean halfExport) {
        this.location = location;
        this.modelName = modelName;
        this.halfExport = halfExport;
    }

    /** The bundled model a location names, if it names one. */
    public static Optional<BundledModel> forLocation(String location) {
        for (BundledModel model : values()) {
            if (model.location.equals(location.strip())) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }

    /** The model location that names it ({@code --model}). */
    public String location() {
        return location;
    }

    /** The model's name (file stem and folder name). */
    public String modelName() {
        return modelName;
    }

    /** What the training or quantisation script recorded about the model. */
    public ModelMetadata metadata() {
        try (InputStream in = open("metadata.json")) {
            return ModelMetadata.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec of the model, pinned to its recorded SHA-256. */
    public ModelSpec spec() {
        return ModelSpec.builder().setLocation(location).optSha256(metadata().sha256()).build();
    }

    /** The model folder on disk, extracted on first use. */
    public Path folder() {
        Path result = folder;
        if (result == null) {
            synchronized (this) {
                result = folder;
                if (result == null) {
                    result = extract();
                    folder = result;
                }
            }
        }
        return result;
    }

    private List<String> files() {
        List<String> files =
                new ArrayList<>(
                        List.of(
                                modelName + ".pt",
                                "synset.txt",
                                "serving.properties",
                                "metadata.json"));
        if (halfExport) {
            files.add(modelName + ModelFolder.FP16_SUFFIX);
        }
        return files;
    }

    private Path extract() {
        String sha = metadata().sha256();
        Path target =
                Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "frameflow-models",
                                sha.substring(0, 16))
                        .resolve(modelName);
        try {
            Files.createDirectories(target);
            for (String file : files()) {
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
            String actual = Sha256.of(target.resolve(modelName + ".pt"));
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

    private InputStream open(String file) {
        String resource = "/io/frameflow/zoo/bundled/" + modelName + "/" + file;
        InputStream in = BundledModel.class.getResourceAsStream(resource);
        if (in == null) {
            throw new ModelLoadException(
                    "The bundled model's "
                            + file
                            + " is missing from the classpath ("
                            + resource
                            + "); is frameflow-model-zoo.jar complete?");
        }
        return in;
    }
}
