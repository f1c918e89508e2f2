package io.frameflow.zoo.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * The device a model should run on: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
 *
 * @param type "cpu" or "gpu"
 * @param index the GPU index (ignored for the CPU)
 */
public record DeviceChoice(String type, int index) implements java.io.Serializable {

    public static final DeviceChoice CPU = new DeviceChoice("cpu", -1);

    public DeviceChoice {
        if (!"cpu".equals(type) && !"gpu".equals(type)) {
            throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, was " + type);
        }
        if ("gpu".equals(type) && index < 0) {
            throw new IllegalArgumentException("GPU index must be >= 0, was " + index);
        }
    }

    /** Parses {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public static DeviceChoice parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("cpu")) {
            return CPU;
        }
        if (value.equals("gpu")) {
            return new DeviceChoice("gpu", 0);
        }
        if (value.startsWith("gpu:")) {
            try {
                return new DeviceChoice("gpu", Integer.parseInt(value.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, was " + text);
            }
        }
        throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, was " + text);
    }

    /**
     * The DJL device, checked against the GPUs the engine sees.
     *
     * @param engine the engine that will run the model
     * @param fallBackToCpu use the CPU instead of failing when the GPU does not exist
     */
    public Device resolve(Engine engine, boolean fallBackToCpu) {
        if ("cpu".equals(type)) {
            return Device.cpu();
        }
        int gpus = engine.getGpuCount();
        if (index < gpus) {
            return Device.gpu(index);
        }
        if (fallBackToCpu) {
            return Device.cpu();
        }
        throw new ModelLoadException(
                String.format(
                        "GPU %d requested (device=%s) but the %s engine sees %d GPU(s); use"
                                + " device=cpu, or allow the fallback to the CPU",
                        index, this, engine.getEngineName(), gpus));
    }

    @Override
    public String toString() {
        return "cpu".equals(type) ? "cpu" : "gpu:" + index;
    }
}
