package io.frameflow.operators.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.operators.testutils.TestModels;
import io.frameflow.zoo.model.ModelLoadException;
import io.frameflow.zoo.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying models from a Flink FileSystem (the local one stands in for S3 or HDFS here). */
class ModelStagingTest {

    @TempDir Path remote;
    @TempDir Path local;

    @Test
    void aModelFolderIsCopiedWithAllItsFiles() throws Exception {
        Path folder = TestModels.coarse(remote);

        Path copy = ModelStaging.copy(fs(), flinkPath(folder), local);

        assertThat(copy).isEqualTo(local.resolve(TestModels.COARSE));
        assertThat(copy.resolve(TestModels.COARSE + ".pt"))
                .hasSameBinaryContentAs(folder.resolve(TestModels.COARSE + ".pt"));
        assertThat(copy.resolve("synset.txt")).exists();
        assertThat(copy.resolve("serving.properties")).exists();
    }

    @Test
    void aTorchScriptFileIsCopiedWithTheSynsetAndPropertiesBesideIt() throws Exception {
        Path folder = TestModels.coarse(remote);
        Files.writeString(folder.resolve("unrelated.txt"), "not part of the model");

        Path copy =
                ModelStaging.copy(
                        fs(), flinkPath(folder.resolve(TestModels.COARSE + ".pt")), local);

        assertThat(copy).isEqualTo(local.resolve(TestModels.COARSE + ".pt"));
        assertThat(local.resolve("synset.txt")).exists();
        assertThat(local.resolve("serving.properties")).exists();
        assertThat(local.resolve("unrelated.txt")).doesNotExist();
    }

    @Test
    void aSchemeWithoutAFlinkFileSystemIsAClearError() {
        ModelSpec spec =
                ModelSpec.builder().setLocation("hdfs://namenode:8020/models/coarse").build();

        assertThatThrownBy(() -> ModelStaging.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("No Flink file system for 'hdfs:'");
    }

    private static FileSystem fs() {
        return FileSystem.getLocalFileSystem();
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return new org.apache.flink.core.fs.Path(path.toUri());
    }
}
