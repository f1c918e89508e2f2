package io.frameflow.operators.control;

import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoadException;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

/**
 * Loads models that lie on a Flink {@link FileSystem} (S3, HDFS, GCS... wherever the cluster has
 * the plugin): DJL reads local files, so the model file or folder is first copied to a temporary
 * folder, loaded, and the copy deleted (libtorch holds the weights in memory). Locations the model
 * loader reads itself ({@code bundled}, paths, {@code file:}, {@code http(s):}, {@code djl:}) go to
 * it unchanged; so does {@code s3:} when Flink has no S3 file system, for DJL to try.
 */
public final class ModelStaging {

    private static final Set<String> LOADER_SCHEMES = Set.of("", "file", "http", "https", "djl");

    /** Files beside a TorchScript file that belong to the model. */
    private static final List<String> COMPANIONS = List.of("synset.txt", "serving.properties");

    private ModelStaging() {}

    /** Loads and verifies the model of a spec, copying it from a Flink FileSystem first. */
    public static ClassifierModel load(ModelSpec spec) {
        String scheme = scheme(spec.location());
        if (LOADER_SCHEMES.contains(scheme)) {
            return ModelLoader.load(spec);
        }
        URI uri = URI.create(spec.location().strip());
        FileSystem fs;
        try {
            fs = FileSystem.get(uri);
        } catch (UnsupportedFileSystemSchemeException e) {
            if (scheme.equals("s3")) {
                return ModelLoader.load(spec);
            }
            throw new ModelLoadException(
                    "No Flink file system for '"
                            + scheme
                            + ":' (model "
                            + spec.location()
                            + "); add the plugin for it to the cluster: "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot open " + spec.location() + ": " + e, e);
        }
        java.nio.file.Path copy = null;
        try {
            copy = Files.createTempDirectory("frameflow-model-");
            java.nio.file.Path local = copy(fs, new Path(uri), copy);
            return ModelLoader.load(spec.toBuilder().setLocation(local.toString()).build());
        } catch (IOException e) {
            throw new ModelLoadException(
                    "Cannot copy model " + spec.location() + " to a local folder: " + e, e);
        } finally {
            deleteQuietly(copy);
        }
    }

    /**
     * Copies a model folder (its files) or a TorchScript file (with its synset and serving
     * properties, when they are beside it); returns the local path to load.
     */
    static java.nio.file.Path copy(FileSystem fs, Path location, java.nio.file.Path into)
            throws IOException {
        // A folder given as "s3://bucket/models/coarse/" has its name before the slash.
        Path source = new Path(location.toString().replaceAll("/+$", ""));
        FileStatus status = fs.getFileStatus(source);
        if (status.isDir()) {
            java.nio.file.Path folder = into.resolve(source.getName());
            Files.createDirectories(folder);
            for (FileStatus file : fs.listStatus(source)) {
                if (!file.isDir()) {
                    copyFile(fs, file.getPath(), folder);
                }
            }
            return folder;
        }
        java.nio.file.Path file = copyFile(fs, source, into);
        for (String companion : COMPANIONS) {
            Path beside = new Path(source.getParent(), companion);
            if (fs.exists(beside)) {
                copyFile(fs, beside, into);
            }
        }
        String fp16 = source.getName().replaceFirst("\\.pt$", ".fp16.pt");
        Path half = new Path(source.getParent(), fp16);
        if (!fp16.equals(source.getName()) && fs.exists(half)) {
            copyFile(fs, half, into);
        }
        return file;
    }

    private static java.nio.file.Path copyFile(FileSystem fs, Path file, java.nio.file.Path into)
            throws IOException {
        java.nio.file.Path target = into.resolve(file.getName());
        try (InputStream in = fs.open(file)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static String scheme(String location) {
        String s = location.strip();
        int colon = s.indexOf(':');
        // A one-letter "scheme" is a Windows drive letter; "bundled" has none.
        return colon > 1 ? s.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    }

    private static void deleteQuietly(java.nio.file.Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<java.nio.file.Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(ModelStaging::delete);
        } catch (IOException | UncheckedIOException e) {
            // a left-over temporary copy is harmless
        }
    }

    private static void delete(java.nio.file.Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
