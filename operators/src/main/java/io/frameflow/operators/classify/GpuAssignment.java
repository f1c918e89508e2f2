package io.frameflow.operators.classify;

import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.ModelSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Which GPU a classify subtask runs on. When the TaskManager is configured with Flink's external
 * resource framework ({@code external-resources: gpu} and the {@code flink-external-resource-gpu}
 * plugin), Flink hands each TaskManager its own GPU indexes and the subtasks spread over those;
 * otherwise over the GPUs DJL sees, {@code subtask mod count}. A CPU spec stays as it is.
 */
final class GpuAssignment {

    /** The external resource name Flink's GPU plugin is configured under. */
    static final String RESOURCE_NAME = "gpu";

    /** The property of Flink's {@code GPUInfo} that holds the device index. */
    static final String INDEX_PROPERTY = "index";

    private GpuAssignment() {}

    /**
     * The spec with the device this subtask should use.
     *
     * @param spec the model spec as configured
     * @param subtask the subtask index
     * @param flinkGpus the GPUs Flink assigned to this TaskManager (empty when not configured)
     * @param djlGpuCount how many GPUs DJL sees
     */
    static ModelSpec forSubtask(
            ModelSpec spec,
            int subtask,
            Set<ExternalResourceInfo> flinkGpus,
            IntSupplier djlGpuCount) {
        if (!"gpu".equals(spec.device().type())) {
            return spec;
        }
        List<Integer> assigned = indexes(flinkGpus);
        if (!assigned.isEmpty()) {
            return withGpu(spec, assigned.get(subtask % assigned.size()));
        }
        int gpus = djlGpuCount.getAsInt();
        if (gpus == 0) {
            return spec; // the loader fails or falls back, as the spec says
        }
        return withGpu(spec, subtask % gpus);
    }

    private static List<Integer> indexes(Set<ExternalResourceInfo> infos) {
        return infos.stream()
                .map(info -> info.getProperty(INDEX_PROPERTY))
                .flatMap(Optional::stream)
                .map(
                        index -> {
                            try {
                                return Integer.parseInt(index.strip());
                            } catch (NumberFormatException e) {
                                throw new IllegalStateException(
                                        "Flink's external resource '"
                                                + RESOURCE_NAME
                                                + "' reported GPU index '"
                                                + index
                                                + "', not a number",
                                        e);
                            }
                        })
                .sorted()
                .toList();
    }

    private static ModelSpec withGpu(ModelSpec spec, int index) {
        return spec.toBuilder().optDevice(new DeviceChoice("gpu", index)).build();
    }
}
