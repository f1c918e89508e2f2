package io.frameflow.zoo.arch;

/**
 * A concrete MobileNet: a family's table with width multiplier α, input resolution, input channels,
 * number of classes and, for small inputs such as 28x28 Fashion-MNIST, an override of the first
 * convolution's stride.
 *
 * @param family the layer table
 * @param alpha width multiplier, in (0, 2]
 * @param resolution input height and width in pixels (the resolution multiplier ρ times 224)
 * @param inputChannels 3 for RGB, 1 for grayscale
 * @param classes width of the classifier
 * @param stemStride stride of the first convolution; 0 keeps the table's
 */
public record MobileNetConfig(
        MobileNetFamily family,
        double alpha,
        int resolution,
        int inputChannels,
        int classes,
        int stemStride) {

    /** The paper's ImageNet classifier: 3 input channels, 1000 classes. */
    public static MobileNetConfig imageNet(MobileNetFamily family, double alpha, int resolution) {
        return new MobileNetConfig(family, alpha, resolution, 3, 1000, 0);
    }

    public MobileNetConfig {
        if (family == null) {
            throw new IllegalArgumentException("family is required");
        }
        if (!(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], was " + alpha);
        }
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be >= 8 pixels, was " + resolution);
        }
        if (inputChannels < 1 || classes < 1 || stemStride < 0) {
            throw new IllegalArgumentException(
                    "input channels and classes must be >= 1 and stem stride >= 0");
        }
    }

    /** The table's name for this network, e.g. {@code MobileNetV1-0.50-224}. */
    public String displayName() {
        return String.format(
                java.util.Locale.ROOT, "MobileNet%s-%.2f-%d", family, alpha, resolution);
    }
}
