package io.frameflow.zoo.arch;

import java.util.Locale;

/** The operations a MobileNet layer table can name, with their spelling in the table files. */
public enum LayerOp {
    /** Standard convolution followed by batch norm and the activation. */
    CONV,
    /** A 1x1 convolution whose width a multiplier below 1 does not shrink (MobileNetV2's last). */
    CONV_LAST,
    /** Depthwise separable convolution: depthwise kxk, then pointwise 1x1, each with BN. */
    DWSEP,
    /** MobileNetV2's inverted residual bottleneck: expand, depthwise, linear projection. */
    INVRES,
    /** Global average pooling. */
    AVGPOOL,
    /** Fully connected classifier to the number of classes. */
    FC;

    /** Parses the name used in the table files, e.g. {@code dwsep}. */
    public static LayerOp fromTableName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown layer op '" + name + "'", e);
        }
    }
}
