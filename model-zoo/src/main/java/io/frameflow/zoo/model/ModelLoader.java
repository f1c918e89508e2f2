package io.frameflow.zoo.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link ModelSpec} to a verified PyTorch {@link ClassifierModel}: finds the TorchScript
 * file, checks its format and SHA-256 pin, picks the device, loads it through DJL's {@link
 * Criteria}, and probes it with one blank input so that a wrong input size or synset fails here,
 * with a clear message, rather than on the first real image.
 */
public final class ModelLoader {

    /** DJL's engine name for PyTorch. */
    public static final String ENGINE = "PyTorch";

    /** DJL's PyTorch load option that loads a TorchScript module onto the target device. */
    static final String MAP_LOCATION = "mapLocation";

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {}

    /** Loads and verifies the model a spec names. */
    public static ClassifierModel load(ModelSpec spec) {
        Engine engine = PyTorchRuntime.engine();
        ModelFolder folder =
                ModelFolder.resolve(localPath(spec), spec.location()).in(spec.precision());
        String sha256 = Sha256.of(folder.torchScript());
        spec.sha256()
                .filter(expected -> !expected.equals(sha256))
                .ifPresent(
                        expected -> {
                            throw new ModelLoadException(
                                    String.format(
                                            "Checksum mismatch for %s: expected SHA-256 %s but the"
                                                    + " file has %s",
                                            folder.torchScript(), expected, sha256));
                        });
        Preprocessing preprocessing =
                spec.preprocessing()
                        .orElseGet(() -> Preprocessing.fromProperties(folder.servingProperties()));
        Device device = spec.device().resolve(engine, spec.cpuFallback());
        if (!device.isGpu() && !"cpu".equals(spec.device().type())) {
            LOG.warn("No GPU for device={}; running {} on the CPU", spec.device(), folder.name());
        }
        if (folder.quantized()) {
            prepareQuantized(folder, device, spec.quantizedEngine());
        }

        List<String> synset = folder.synset().orElse(List.of());
        ClassifierTranslator translator =
                new ClassifierTranslator(
                        preprocessing, spec.precision(), synset, spec.topK(), spec.applySoftmax());
        ZooModel<Image, Classifications> model =
                loadWith(folder, device, Image.class, Classifications.class, translator);
        try {
            int classes = probeOutputWidth(model, folder, preprocessing, spec.precision(), device);
            if (!synset.isEmpty() && synset.size() != classes) {
                throw new ModelLoadException(
                        String.format(
                                "synset.txt in %s has %d labels but the model outputs %d classes",
                                folder.folder(), synset.size(), classes));
            }
            return new ClassifierModel(
                    model,
                    folder.name(),
                    sha256.substring(0, 12),
                    sha256,
                    preprocessing,
                    translator.labels(classes),
                    device,
                    spec.precision());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The preprocessing a spec's model expects, without loading the model: the spec's own, or the
     * model folder's {@code serving.properties}.
     */
    public static Preprocessing preprocessingOf(ModelSpec spec) {
        return spec.preprocessing()
                .orElseGet(
                        () ->
                                Preprocessing.fromProperties(
                                        ModelFolder.resolve(localPath(spec), spec.location())
                                                .servingProperties()));
    }

    /**
     * int8 kernels exist for the CPU only, and pack their weights for the quantized engine set when
     * the model loads: set it first.
     */
    static void prepareQuantized(ModelFolder folder, Device device, QuantizedEngine qe) {
        if (device.isGpu()) {
            throw new ModelLoadException(
                    folder.torchScript()
                            + " is an int8 model (serving.properties: quantization="
                            + folder.servingProperties().getProperty(ModelFolder.QUANTIZATION)
                            + "); int8 runs on the CPU only: use device cpu, or the float model");
        }
        try {
            qe.use();
        } catch (UnsupportedOperationException e) {
            if (qe != ModelSpec.DEFAULT_QUANTIZED_ENGINE) {
                throw new ModelLoadException(
                        "Cannot choose the quantized engine " + qe.label() + ": " + e.getMessage(),
                        e);
            }
            // A libtorch whose engine cannot be set from here (not Linux or macOS) keeps its own.
            LOG.warn("{}; {} runs on libtorch's default quantized engine", e.getMessage(), folder);
        } catch (IllegalStateException e) {
            throw new ModelLoadException(
                    "Cannot run the int8 model " + folder.torchScript() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of the TorchScript file a location names on this machine ({@code bundled}, a file
     * or folder, a {@code file:} URL), without loading it; empty for remote locations and for local
     * ones with nothing there.
     */
    public static Optional<String> localSha256(String location) {
        String scheme = scheme(location.strip());
        if (!scheme.isEmpty() && !scheme.equals("file")) {
            return Optional.empty();
        }
        ModelSpec spec = ModelSpec.builder().setLocation(location).build();
        Path path = localPath(spec);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        return Optional.of(Sha256.of(ModelFolder.resolve(path, location).torchScript()));
    }

    /** Where the model lies on this machine; remote models are first fetched into DJL's cache. */
    private static Path localPath(ModelSpec spec) {
        String location = spec.location().strip();
        Optional<BundledModel> bundled = BundledModel.forLocation(location);
        if (bundled.isPresent()) {
            return bundled.get().folder();
        }
        String scheme = scheme(location);
        if (scheme.equals("file")) {
            return Path.of(URI.create(location));
        }
        if (scheme.equals("http")
                || scheme.equals("https")
                || scheme.equals("s3")
                || scheme.equals("djl")) {
            return fetchRemote(location);
        }
        return Path.of(location);
    }

    private static String scheme(String location) {
        int colon = location.indexOf(':');
        // A one-letter "scheme" is a Windows drive letter, not a URL.
        return colon > 1 ? location.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    }

    private static Path fetchRemote(String url) {
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelUrls(url)
                        .optEngine(ENGINE)
                        .optTranslator(new NoopTranslator())
                        .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            return model.getModelPath();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelLoadException(
                    "Cannot fetch model "
                            + url
                            + " (with ai.djl.offline=true nothing is"
                            + " downloaded; set it to false for remote models): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Runs one blank image through the model, the way the classifier will (bytes normalised on the
     * device), and returns its output width.
     */
    private static int probeOutputWidth(
            ZooModel<Image, Classifications> model,
            ModelFolder folder,
            Preprocessing p,
            Precision precision,
            Device device) {
        Shape input = new Shape(1, p.channels(), p.height(), p.width());
        try (Predictor<List<byte[]>, List<float[]>> predictor =
                model.newPredictor(new PixelBatchTranslator(p, precision, false))) {
            List<float[]> rows = predictor.predict(List.of(new byte[ImagePixels.length(p)]));
            return rows.get(0).length;
        } catch (PixelBatchTranslator.NotAClassifierException e) {
            throw new ModelLoadException(
                    String.format(
                            "%s returned shape %s for input %s; a classifier must return"
                                    + " [batch, classes]",
                            folder.torchScript(), e.shape(), input));
        } catch (TranslateException | EngineException | IllegalArgumentException e) {
            if (device.isGpu()) {
                throw new ModelLoadException(
                        String.format(
                                "The model %s could not run on %s (%s); a model must be loadable"
                                        + " onto the device (Frameflow loads TorchScript with"
                                        + " mapLocation=true) and take %s input",
                                folder.torchScript(), device, rootMessage(e), precision),
                        e);
            }
            throw new ModelLoadException(
                    String.format(
                            "The model %s rejected an input of shape %s (%s); set width, height"
                                    + " and channels in serving.properties or the preprocessing"
                                    + " options to what the model was exported for",
                            folder.torchScript(), input, rootMessage(e)),
                    e);
        }
    }

    /**
     * DJL's criteria for a TorchScript file on a device. {@code mapLocation} loads the module
     * straight onto the device: a frozen export keeps its weights as graph constants, which DJL's
     * later {@code module.to(device)} would leave on the CPU (the first GPU batch then fails with
     * "Input type (CUDAFloatType) and weight type (CPUFloatType) should be the same").
     */
    static <I, O> Criteria<I, O> criteria(
            ModelFolder folder,
            Device device,
            Class<I> in,
            Class<O> out,
            ai.djl.translate.Translator<I, O> translator) {
        return Criteria.builder()
                .setTypes(in, out)
                .optModelPath(folder.torchScript())
                .optModelName(folder.name())
                .optEngine(ENGINE)
                .optDevice(device)
                .optOption(MAP_LOCATION, "true")
                .optTranslator(translator)
                .build();
    }

    private static <I, O> ZooModel<I, O> loadWith(
            ModelFolder folder,
            Device device,
            Class<I> in,
            Class<O> out,
            ai.djl.translate.Translator<I, O> translator) {
        try {
            return criteria(folder, device, in, out, translator).loadModel();
        } catch (ModelNotFoundException
                | MalformedModelException
                | IOException
                | EngineException e) {
            throw new ModelLoadException(
                    "Could not load "
                            + folder.torchScript()
                            + " as TorchScript with the PyTorch engine onto "
                            + device
                            + ": "
                            + rootMessage(e),
                    e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
