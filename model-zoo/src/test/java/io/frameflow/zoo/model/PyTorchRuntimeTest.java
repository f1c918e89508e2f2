package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchRuntimeTest {

    @TempDir Path libtorch;

    @Test
    void libtorchsOpenMpThreadsSleepWhenIdle() {
        // Set by the build's test environment, or by PyTorchRuntime itself before libtorch
        // loaded: either way the threads that run inference must not spin.
        assertThat(PyTorchRuntime.waitPolicy()).isEqualToIgnoringCase(PyTorchRuntime.PASSIVE);
        assertThat(PyTorchRuntime.passiveWait()).isTrue();
    }

    @Test
    void theJniJarOnTheClassPathIsTheOneForLibtorch271() {
        assertThat(PyTorchRuntime.jniVersion()).startsWith("2.7.1-");
    }

    @Test
    void withoutALibtorchOfOnesOwnNothingIsChecked() {
        assertThatCode(() -> PyTorchRuntime.checkLibraryOverride(Map.of(), "2.7.1-0.36.0"))
                .doesNotThrowAnyException();
    }

    @Test
    void aMatchingCudaLibtorchPasses() throws IOException {
        Files.createFile(libtorch.resolve("libtorch.so"));

        assertThatCode(
                        () ->
                                PyTorchRuntime.checkLibraryOverride(
                                        Map.of(
                                                "PYTORCH_LIBRARY_PATH", libtorch.toString(),
                                                "PYTORCH_VERSION", "2.7.1",
                                                "PYTORCH_FLAVOR", "cu128"),
                                        "2.7.1-0.36.0"))
                .doesNotThrowAnyException();
    }

    @Test
    void aLibtorchOfAnotherVersionFailsNamingBoth() throws IOException {
        Files.createFile(libtorch.resolve("libtorch.so"));

        assertThatThrownBy(
                        () ->
                                PyTorchRuntime.checkLibraryOverride(
                                        Map.of(
                                                "PYTORCH_LIBRARY_PATH", libtorch.toString(),
                                                "PYTORCH_VERSION", "2.5.1",
                                                "PYTORCH_FLAVOR", "cu124"),
                                        "2.7.1-0.36.0"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("libtorch 2.5.1")
                .hasMessageContaining("built for libtorch 2.7.1 (pytorch-jni 2.7.1-0.36.0)");
    }

    @Test
    void aFlavourTheJniJarDoesNotShipFails() throws IOException {
        Files.createFile(libtorch.resolve("libtorch.so"));

        assertThatThrownBy(
                        () ->
                                PyTorchRuntime.checkLibraryOverride(
                                        Map.of(
                                                "PYTORCH_LIBRARY_PATH", libtorch.toString(),
                                                "PYTORCH_VERSION", "2.7.1",
                                                "PYTORCH_FLAVOR", "cu126"),
                                        "2.7.1-0.36.0"))
                .hasMessageContaining("PYTORCH_FLAVOR=cu126")
                .hasMessageContaining("ships cpu and cu128");
    }

    @Test
    void aLibraryPathWithoutLibtorchOrWithoutItsVersionFails() throws IOException {
        assertThatThrownBy(
                        () ->
                                PyTorchRuntime.checkLibraryOverride(
                                        Map.of("PYTORCH_LIBRARY_PATH", libtorch.toString()),
                                        "2.7.1-0.36.0"))
                .hasMessageContaining("holds no libtorch.so");

        Files.createFile(libtorch.resolve("libtorch.so"));
        assertThatThrownBy(
                        () ->
                                PyTorchRuntime.checkLibraryOverride(
                                        Map.of("PYTORCH_LIBRARY_PATH", libtorch.toString()),
                                        "2.7.1-0.36.0"))
                .hasMessageContaining("PYTORCH_VERSION is not")
                .hasMessageContaining("pairs with libtorch 2.7.1 only");
    }
}
