package io.frameflow.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink's external resource framework handing out GPUs: TaskManagers request {@code amount} GPUs
 * each, Flink's GPU plugin discovers their indexes, and the classifier runs subtask {@code i} on
 * the {@code i mod n}-th GPU of its TaskManager ({@code
 * RuntimeContext.getExternalResourceInfos("gpu")}). The settings are the same for every deployment;
 * the Docker image and the Kubernetes manifest carry them as files, the local cluster writes them
 * when asked for GPUs.
 *
 * @param perTaskManager GPUs per TaskManager; 0 leaves the framework off
 * @param plugin a Flink distribution's {@code opt/external-resource-gpu} folder (the plugin is not
 *     on Maven Central), copied to the local cluster's {@code plugins/}
 */
public record GpuResources(int perTaskManager, Path plugin) {

    /** No GPUs: the classifier falls back to DJL's GPU count, if asked for a GPU at all. */
    public static final GpuResources NONE = new GpuResources(0, null);

    /** The resource name the classifier asks Flink for. */
    public static final String NAME = "gpu";

    /** The plugin's folder under a Flink home's {@code plugins/}. */
    public static final String PLUGIN_FOLDER = "external-resource-gpu";

    public GpuResources {
        if (perTaskManager < 0) {
            throw new IllegalArgumentException("GPUs per TaskManager must be >= 0");
        }
        if (perTaskManager > 0 && plugin == null) {
            throw new IllegalArgumentException(
                    "GPUs need Flink's GPU plugin: the opt/"
                            + PLUGIN_FOLDER
                            + " folder of a Flink 2.2 distribution (it is not on Maven Central)");
        }
    }

    /**
     * The Flink configuration that turns the framework on.
     *
     * @param pluginsDir where the plugin lies ({@code plugins/} of the Flink home)
     */
    public Map<String, String> settings(Path pluginsDir) {
        Map<String, String> c = new LinkedHashMap<>();
        if (perTaskManager == 0) {
            return c;
        }
        c.put("external-resources", NAME);
        c.put(
                "external-resource.gpu.driver-factory.class",
                "org.apache.flink.externalresource.gpu.GPUDriverFactory");
        c.put("external-resource.gpu.amount", Integer.toString(perTaskManager));
        c.put(
                "external-resource.gpu.param.discovery-script.path",
                pluginsDir.resolve(PLUGIN_FOLDER).resolve("nvidia-gpu-discovery.sh").toString());
        // TaskManagers on one host each take their own GPUs instead of all seeing the first ones.
        c.put("external-resource.gpu.param.discovery-script.args", "--enable-coordination-mode");
        c.put("external-resource.gpu.kubernetes.config-key", "nvidia.com/gpu");
        return c;
    }
}
