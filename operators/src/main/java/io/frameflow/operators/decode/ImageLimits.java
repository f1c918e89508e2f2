package io.frameflow.operators.decode;

import java.io.Serializable;

/**
 * Limits every image must pass before it is decoded: its size in bytes, and the pixel count its
 * header declares (the decompression-bomb guard, as Pillow's {@code MAX_IMAGE_PIXELS}).
 *
 * @param maxBytes largest encoded image accepted
 * @param maxPixels largest width × height accepted
 */
public record ImageLimits(long maxBytes, long maxPixels) implements Serializable {

    /** 20 MiB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** 50 million pixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public static final ImageLimits DEFAULTS =
            new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max image bytes must be >= 1, was " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max image pixels must be >= 1, was " + maxPixels);
        }
    }
}
