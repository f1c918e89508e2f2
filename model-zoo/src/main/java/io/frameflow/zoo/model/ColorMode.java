package io.frameflow.zoo.model;

/** The colour layout a model expects as input. */
public enum ColorMode {
    /** One channel: luminance (ITU-R 601-2, as PIL's {@code convert("L")}). */
    GRAYSCALE(1),
    /** Three channels, sRGB. */
    RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** Number of input channels. */
    public int channels() {
        return channels;
    }

    /** The mode for a channel count (1 or 3). */
    public static ColorMode ofChannels(int channels) {
        return switch (channels) {
            case 1 -> GRAYSCALE;
            case 3 -> RGB;
            default ->
                    throw new IllegalArgumentException(
                            "channels must be 1 (grayscale) or 3 (RGB), was " + channels);
        };
    }
}
