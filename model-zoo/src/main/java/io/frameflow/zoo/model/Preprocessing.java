package io.frameflow.zoo.model;

import java.util.Arrays;
import java.util.Properties;

/**
 * How an image becomes the model's input tensor, as configuration: convert to the model's colour
 * mode, resize the shorter side to {@code resize} (0: no resize), centre-crop to width × height,
 * scale to [0, 1] and normalise with per-channel mean and standard deviation.
 *
 * <p>The keys of {@link #fromProperties} follow DJL's {@code serving.properties} conventions:
 * {@code width}, {@code height}, {@code resize}, {@code channels}, {@code mean}, {@code std}
 * (comma-separated, one value per channel or a single value for all).
 *
 * @param width input width in pixels
 * @param height input height in pixels
 * @param resize shorter side after resizing, before the centre crop; 0 resizes straight to width ×
 *     height when the image differs
 * @param colorMode colour layout of the input
 * @param mean per-channel mean subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation divided by
 */
public record Preprocessing(
        int width, int height, int resize, ColorMode colorMode, float[] mean, float[] std)
        implements java.io.Serializable {

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public Preprocessing {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "width and height must be positive, were " + width + "x" + height);
        }
        if (resize < 0) {
            throw new IllegalArgumentException("resize must be >= 0, was " + resize);
        }
        mean = perChannel("mean", mean, colorMode.channels());
        std = perChannel("std", std, colorMode.channels());
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, was " + s);
            }
        }
    }

    /**
     * torchvision's ImageNet preprocessing: resize to 256 (for 224), centre crop, ImageNet stats.
     */
    public static Preprocessing imageNet(int size) {
        return new Preprocessing(
                size,
                size,
                Math.round(size * 256f / 224f),
                ColorMode.RGB,
                IMAGENET_MEAN,
                IMAGENET_STD);
    }

    /** Reads the preprocessing of a {@code serving.properties}; missing keys take ImageNet's. */
    public static Preprocessing fromProperties(Properties properties) {
        int width = intValue(properties, "width", 224);
        int height = intValue(properties, "height", width);
        ColorMode mode = ColorMode.ofChannels(intValue(properties, "channels", 3));
        boolean imageNetStats = mode == ColorMode.RGB;
        int resize = intValue(properties, "resize", 0);
        float[] mean = floats(properties, "mean", imageNetStats ? IMAGENET_MEAN : new float[] {0f});
        float[] std = floats(properties, "std", imageNetStats ? IMAGENET_STD : new float[] {1f});
        return new Preprocessing(width, height, resize, mode, mean, std);
    }

    /** Number of input channels. */
    public int channels() {
        return colorMode.channels();
    }

    private static float[] perChannel(String name, float[] values, int channels) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (values.length == channels) {
            return values.clone();
        }
        if (values.length == 1) {
            float[] filled = new float[channels];
            Arrays.fill(filled, values[0]);
            return filled;
        }
        throw new IllegalArgumentException(
                String.format(
                        "%s has %d values but the model has %d channels",
                        name, values.length, channels));
    }

    private static int intValue(Properties properties, String key, int defaultValue) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "serving.properties key '" + key + "' must be an integer, was '" + value + "'");
        }
    }

    private static float[] floats(Properties properties, String key, float[] defaultValue) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String[] parts = value.split(",");
        float[] result = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                result[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "serving.properties key '"
                                + key
                                + "' must be numbers, was '"
                                + value
                                + "'");
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p
                && width == p.width
                && height == p.height
                && resize == p.resize
                && colorMode == p.colorMode
                && Arrays.equals(mean, p.mean)
                && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + resize) + colorMode.hashCode();
    }

    @Override
    public String toString() {
        return String.format(
                "Preprocessing[%dx%d, resize=%d, %s, mean=%s, std=%s]",
                width, height, resize, colorMode, Arrays.toString(mean), Arrays.toString(std));
    }
}
