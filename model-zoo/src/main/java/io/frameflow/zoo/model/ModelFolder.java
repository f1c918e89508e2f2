package io.frameflow.zoo.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A TorchScript model on local disk the way DJL lays it out: a folder with {@code <name>.pt} and,
 * optionally, {@code synset.txt} (one label per line) and {@code serving.properties}.
 *
 * @param folder the model folder
 * @param torchScript the TorchScript file in it
 */
record ModelFolder(Path folder, Path torchScript) {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /** How the half-precision export beside {@code <name>.pt} is named. */
    static final String FP16_SUFFIX = ".fp16.pt";

    /** Resolves a file or folder path; fails with a specific message when it is not a model. */
    static ModelFolder resolve(Path path, String location) {
        if (!Files.exists(path)) {
            throw new ModelLoadException(
                    "Model not found: "
                            + path.toAbsolutePath()
                            + " (model location '"
                            + location
                            + "')");
        }
        ModelFolder model;
        if (Files.isDirectory(path)) {
            Path named = path.resolve(path.getFileName() + ".pt");
            model = new ModelFolder(path, Files.isRegularFile(named) ? named : onlyPtFile(path));
        } else {
            Path parent = path.toAbsolutePath().getParent();
            model = new ModelFolder(parent, path.toAbsolutePath());
        }
        model.checkTorchScript();
        return model;
    }

    private static Path onlyPtFile(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> pts =
                    files.filter(p -> p.toString().endsWith(".pt"))
                            .filter(p -> !p.toString().endsWith(FP16_SUFFIX))
                            .sorted()
                            .toList();
            if (pts.isEmpty()) {
                throw new ModelLoadException(
                        "No TorchScript file (*.pt) in model folder " + folder.toAbsolutePath());
            }
            if (pts.size() > 1) {
                throw new ModelLoadException(
                        "Several TorchScript files in "
                                + folder.toAbsolutePath()
                                + ": "
                                + pts
                                + "; name the file, or call it <folder name>.pt");
            }
            return pts.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same model in a precision: itself for fp32, the half-precision export {@code
     * <name>.fp16.pt} beside it for fp16.
     */
    ModelFolder in(Precision precision) {
        if (precision == Precision.FP32) {
            return this;
        }
        Path half = folder.resolve(name() + FP16_SUFFIX);
        if (!Files.isRegularFile(half)) {
            throw new ModelLoadException(
                    String.format(
                            "precision fp16 needs a half-precision export of %s at %s (frozen"
                                    + " TorchScript keeps its weights as constants that cannot be"
                                    + " converted at load time; write it with"
                                    + " model-zoo/training/export_fp16.py), or use precision fp32",
                            torchScript, half));
        }
        ModelFolder model = new ModelFolder(folder, half);
        model.checkTorchScript();
        return model;
    }

    /** The model name DJL uses: the file name without {@code .pt}. */
    String name() {
        String file = torchScript.getFileName().toString();
        if (file.endsWith(FP16_SUFFIX)) {
            return file.substring(0, file.length() - FP16_SUFFIX.length());
        }
        return file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file;
    }

    /** TorchScript files are zip archives written by {@code torch.jit.save}. */
    private void checkTorchScript() {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(torchScript)) {
            int n = in.readNBytes(head, 0, 4);
            if (n < 4 || !java.util.Arrays.equals(head, ZIP_MAGIC)) {
                throw new ModelLoadException(
                        "Not a TorchScript file: "
                                + torchScript.toAbsolutePath()
                                + " (expected the zip archive written by torch.jit.save;"
                                + " export the model with torch.jit.script or torch.jit.trace)");
            }
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read model file " + torchScript + ": " + e, e);
        }
    }

    /** Labels from {@code synset.txt}, if the folder has one. */
    Optional<List<String>> synset() {
        Path file = folder.resolve("synset.txt");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .map(String::strip)
                            .filter(line -> !line.isEmpty())
                            .toList());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + e, e);
        }
    }

    /** {@code serving.properties}, empty if the folder has none. */
    Properties servingProperties() {
        Properties properties = new Properties();
        Path file = folder.resolve("serving.properties");
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read " + file + ": " + e, e);
            }
        }
        return properties;
    }
}
