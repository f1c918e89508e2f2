package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    @TempDir Path tmp;

    @Test
    void loadsTheBundledModelPinnedToItsChecksum() {
        try (ClassifierModel model = ModelLoader.load(BundledModel.FLOAT.spec())) {
            assertThat(model.id()).isEqualTo(BundledModel.FLOAT.modelName());
            assertThat(model.sha256()).isEqualTo(BundledModel.FLOAT.metadata().sha256());
            assertThat(model.version()).isEqualTo(model.sha256().substring(0, 12));
            assertThat(model.labels()).hasSize(10).startsWith("T-shirt/top");
            assertThat(model.preprocessing().colorMode()).isEqualTo(ColorMode.GRAYSCALE);
            assertThat(model.preprocessing().width()).isEqualTo(28);
            assertThat(model.device().isGpu()).isFalse();
        }
    }

    @Test
    void loadsAFolderGivenAsFileUrlAndTheFileItself() throws IOException {
        Path folder = copyOfBundledModel();
        Path file = folder.resolve(BundledModel.FLOAT.modelName() + ".pt");

        try (ClassifierModel byUrl = load(folder.toUri().toString());
                ClassifierModel byFile = load(file.toString())) {
            assertThat(byUrl.sha256()).isEqualTo(byFile.sha256());
            assertThat(byFile.labels()).isEqualTo(byUrl.labels());
        }
    }

    @Test
    void withoutSynsetTheLabelsAreOutputIndices() throws IOException {
        Path folder = copyOfBundledModel();
        Files.delete(folder.resolve("synset.txt"));

        try (ClassifierModel model = load(folder.toString())) {
            assertThat(model.labels())
                    .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nowhere/model.pt");

        assertThatThrownBy(() -> load(missing.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Model not found")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void notATorchScriptFile() throws IOException {
        Path fake = Files.writeString(tmp.resolve("model.pt"), "this is not a model");

        assertThatThrownBy(() -> load(fake.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Not a TorchScript file")
                .hasMessageContaining("torch.jit.save");
    }

    @Test
    void aZipThatIsNotTorchScriptFailsToLoadWithTheEnginesReason() throws IOException {
        Path zip = tmp.resolve("model.pt");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            out.write("hi".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> load(zip.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Could not load")
                .hasMessageContaining("as TorchScript");
    }

    @Test
    void folderWithoutTorchScript() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));

        assertThatThrownBy(() -> load(empty.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("No TorchScript file (*.pt)");
    }

    @Test
    void checksumMismatch() {
        String wrong = "0".repeat(64);
        ModelSpec spec =
                ModelSpec.builder().setLocation(ModelSpec.BUNDLED).optSha256(wrong).build();

        assertThatThrownBy(() -> ModelLoader.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Checksum mismatch")
                .hasMessageContaining(wrong)
                .hasMessageContaining(BundledModel.FLOAT.metadata().sha256());
    }

    @Test
    void synsetOfTheWrongSize() throws IOException {
        Path folder = copyOfBundledModel();
        Files.write(
                folder.resolve("synset.txt"), List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"));

        assertThatThrownBy(() -> load(folder.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("synset.txt")
                .hasMessageContaining("has 9 labels but the model outputs 10 classes");
    }

    @Test
    void inputShapeTheModelRejects() {
        ModelSpec rgb =
                ModelSpec.builder()
                        .setLocation(ModelSpec.BUNDLED)
                        .optPreprocessing(Preprocessing.imageNet(224))
                        .build();

        assertThatThrownBy(() -> ModelLoader.load(rgb))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("rejected an input of shape (1, 3, 224, 224)");
    }

    @Test
    void gpuRequestedWhereNoneExists() {
        int gpus = Engine.getEngine(ModelLoader.ENGINE).getGpuCount();
        ModelSpec gpu =
                ModelSpec.builder()
                        .setLocation(ModelSpec.BUNDLED)
                        .optDevice(DeviceChoice.parse("gpu:" + gpus))
                        .build();

        assertThatThrownBy(() -> ModelLoader.load(gpu))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("GPU " + gpus + " requested")
                .hasMessageContaining("sees " + gpus + " GPU(s)");
    }

    @Test
    void gpuRequestedWhereNoneExistsFallsBackToCpuWhenAllowed() {
        int gpus = Engine.getEngine(ModelLoader.ENGINE).getGpuCount();
        ModelSpec gpu =
                ModelSpec.builder()
                        .setLocation(ModelSpec.BUNDLED)
                        .optDevice(DeviceChoice.parse("gpu:" + gpus))
                        .optCpuFallback(true)
                        .build();

        try (ClassifierModel model = ModelLoader.load(gpu)) {
            assertThat(model.device().isGpu()).isFalse();
        }
    }

    @Test
    void torchScriptIsLoadedOntoItsDeviceWithMapLocation() throws IOException {
        // The option that makes a frozen export's constant weights land on a GPU; checked here
        // as plumbing, on the GPU machine by GpuLoadingTest.
        ModelFolder folder = ModelFolder.resolve(BundledModel.FLOAT.folder(), ModelSpec.BUNDLED);
        var criteria =
                ModelLoader.criteria(
                        folder,
                        ai.djl.Device.gpu(0),
                        ai.djl.ndarray.NDList.class,
                        ai.djl.ndarray.NDList.class,
                        new ai.djl.translate.NoopTranslator());

        assertThat(criteria.getOptions()).containsEntry("mapLocation", "true");
        assertThat(criteria.getDevice()).isEqualTo(ai.djl.Device.gpu(0));
    }

    @Test
    void halfPrecisionWithoutAHalfExportSaysWhatToExport() throws IOException {
        Path folder = copyOfBundledModel();
        Files.delete(folder.resolve(BundledModel.FLOAT.modelName() + ModelFolder.FP16_SUFFIX));
        ModelSpec fp16 =
                ModelSpec.builder()
                        .setLocation(folder.toString())
                        .optPrecision(Precision.FP16)
                        .build();

        assertThatThrownBy(() -> ModelLoader.load(fp16))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("precision fp16 needs a half-precision export")
                .hasMessageContaining(BundledModel.FLOAT.modelName() + ".fp16.pt")
                .hasMessageContaining("export_fp16.py");
    }

    @Test
    void aHalfExportBesideTheModelIsNotTakenForASecondModel() throws IOException {
        Path folder = copyOfBundledModel();
        Files.copy(
                folder.resolve(BundledModel.FLOAT.modelName() + ".pt"),
                folder.resolve(BundledModel.FLOAT.modelName() + "-renamed.fp16.pt"));
        Files.move(
                folder.resolve(BundledModel.FLOAT.modelName() + ".pt"),
                folder.resolve("renamed.pt"));

        try (ClassifierModel model = load(folder.toString())) {
            assertThat(model.id()).isEqualTo("renamed");
        }
    }

    private ClassifierModel load(String location) {
        return ModelLoader.load(ModelSpec.builder().setLocation(location).build());
    }

    private Path copyOfBundledModel() throws IOException {
        Path folder =
                Files.createDirectories(
                        tmp.resolve("copy").resolve(BundledModel.FLOAT.modelName()));
        try (Stream<Path> files = Files.list(BundledModel.FLOAT.folder())) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        return folder;
    }
}
