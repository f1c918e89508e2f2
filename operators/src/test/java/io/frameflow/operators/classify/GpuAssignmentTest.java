package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.ModelSpec;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class GpuAssignmentTest {

    private static final ModelSpec GPU =
            ModelSpec.builder().setLocation("bundled").optDevice(DeviceChoice.parse("gpu")).build();

    @Test
    void theGpusFlinkHandedOutAreUsedSubtaskModCount() {
        Set<ExternalResourceInfo> flink = Set.of(gpu("3"), gpu("1"));

        assertThat(device(GpuAssignment.forSubtask(GPU, 0, flink, () -> 8))).isEqualTo("gpu:1");
        assertThat(device(GpuAssignment.forSubtask(GPU, 1, flink, () -> 8))).isEqualTo("gpu:3");
        assertThat(device(GpuAssignment.forSubtask(GPU, 2, flink, () -> 8))).isEqualTo("gpu:1");
    }

    @Test
    void withoutFlinkGpusTheSubtasksSpreadOverWhatDjlSees() {
        assertThat(device(GpuAssignment.forSubtask(GPU, 5, Set.of(), () -> 2))).isEqualTo("gpu:1");
        assertThat(device(GpuAssignment.forSubtask(GPU, 4, Set.of(), () -> 2))).isEqualTo("gpu:0");
    }

    @Test
    void noGpuAtAllLeavesTheSpecToTheLoadersFallbackRules() {
        assertThat(GpuAssignment.forSubtask(GPU, 3, Set.of(), () -> 0)).isSameAs(GPU);
    }

    @Test
    void aCpuSpecStaysOnTheCpu() {
        ModelSpec cpu = ModelSpec.bundled();

        assertThat(GpuAssignment.forSubtask(cpu, 1, Set.of(gpu("0")), () -> 1)).isSameAs(cpu);
    }

    @Test
    void anIndexThatIsNotANumberNamesTheResource() {
        assertThatThrownBy(() -> GpuAssignment.forSubtask(GPU, 0, Set.of(gpu("x")), () -> 1))
                .hasMessageContaining("external resource 'gpu'")
                .hasMessageContaining("'x'");
    }

    private static String device(ModelSpec spec) {
        return spec.device().toString();
    }

    /** What Flink's GPU plugin reports: a {@code GPUInfo} with an "index" property. */
    private static ExternalResourceInfo gpu(String index) {
        return new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return "index".equals(key) ? Optional.of(index) : Optional.empty();
            }

            @Override
            public Collection<String> getKeys() {
                return Set.of("index");
            }
        };
    }
}
