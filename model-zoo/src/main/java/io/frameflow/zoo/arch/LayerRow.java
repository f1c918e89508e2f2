package io.frameflow.zoo.arch;

/**
 * One row of a layer table, e.g. {@code DepthSepConv(3x3, stride 2, depth 128)}.
 *
 * @param op the operation
 * @param kernel kernel size (0 where the op has none)
 * @param stride stride of the first repetition (0 where the op has none)
 * @param channels output channels before the width multiplier (0 where set by the classes)
 * @param expansion expansion factor of an inverted residual (1 elsewhere)
 * @param repeat how many times the row repeats; only the first repetition has the stride
 */
public record LayerRow(
        LayerOp op, int kernel, int stride, int channels, int expansion, int repeat) {

    public LayerRow {
        if (kernel < 0 || stride < 0 || channels < 0 || expansion < 0 || repeat < 0) {
            throw new IllegalArgumentException("Negative value in layer row " + op);
        }
    }
}
