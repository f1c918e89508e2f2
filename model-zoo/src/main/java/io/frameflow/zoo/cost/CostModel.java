package io.frameflow.zoo.cost;

import io.frameflow.zoo.arch.LayerOp;
import io.frameflow.zoo.arch.LayerRow;
import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes mult-adds and parameters of a MobileNet layer by layer from its table, the way the
 * MobileNet papers count them: convolutions and the fully connected layer, "same" padding, batch
 * norm and pooling free.
 */
public final class CostModel {

    private CostModel() {}

    /** The cost report of a concrete network. */
    public static CostReport of(MobileNetConfig network) {
        MobileNetFamily family = network.family();
        List<LayerCost> layers = new ArrayList<>();
        int size = network.resolution();
        int channels = network.inputChannels();
        boolean first = true;
        for (LayerRow row : family.table().rows()) {
            switch (row.op()) {
                case CONV, CONV_LAST -> {
                    int out =
                            row.op() == LayerOp.CONV_LAST && network.alpha() <= 1.0
                                    ? row.channels()
                                    : family.scaleChannels(row.channels(), network.alpha());
                    int stride =
                            first && network.stemStride() > 0 ? network.stemStride() : row.stride();
                    layers.add(
                            conv(
                                    row.op().name().toLowerCase(),
                                    size,
                                    channels,
                                    out,
                                    row.kernel(),
                                    stride));
                    size = outputSize(size, stride);
                    channels = out;
                }
                case DWSEP -> {
                    int out = family.scaleChannels(row.channels(), network.alpha());
                    for (int i = 0; i < row.repeat(); i++) {
                        int stride = i == 0 ? row.stride() : 1;
                        layers.add(depthwiseSeparable(size, channels, out, row.kernel(), stride));
                        size = outputSize(size, stride);
                        channels = out;
                    }
                }
                case INVRES -> {
                    int out = family.scaleChannels(row.channels(), network.alpha());
                    for (int i = 0; i < row.repeat(); i++) {
                        int stride = i == 0 ? row.stride() : 1;
                        layers.add(
                                invertedResidual(
                                        size,
                                        channels,
                                        out,
                                        row.kernel(),
                                        stride,
                                        row.expansion()));
                        size = outputSize(size, stride);
                        channels = out;
                    }
                }
                case AVGPOOL -> {
                    layers.add(
                            new LayerCost(
                                    "avgpool", size, channels, 1, channels, 0, 0, Double.NaN));
                    size = 1;
                }
                case FC -> {
                    long weights = (long) channels * network.classes();
                    layers.add(
                            new LayerCost(
                                    "fc",
                                    size,
                                    channels,
                                    1,
                                    network.classes(),
                                    weights,
                                    weights + network.classes(),
                                    Double.NaN));
                    channels = network.classes();
                }
            }
            first = false;
        }
        return new CostReport(network, layers);
    }

    /** Output size of a "same"-padded convolution. */
    static int outputSize(int inputSize, int stride) {
        return (inputSize + stride - 1) / stride;
    }

    private static LayerCost conv(String op, int size, int in, int out, int kernel, int stride) {
        int outSize = outputSize(size, stride);
        long params = (long) in * out * kernel * kernel;
        return new LayerCost(
                String.format("%s %dx%d/%d", op, kernel, kernel, stride),
                size,
                in,
                outSize,
                out,
                (long) outSize * outSize * params,
                params,
                Double.NaN);
    }

    private static LayerCost depthwiseSeparable(int size, int in, int out, int kernel, int stride) {
        int outSize = outputSize(size, stride);
        long pixels = (long) outSize * outSize;
        long depthwiseParams = (long) in * kernel * kernel;
        long pointwiseParams = (long) in * out;
        long multAdds = pixels * (depthwiseParams + pointwiseParams);
        long standardMultAdds = pixels * in * out * kernel * kernel;
        return new LayerCost(
                String.format("dwsep %dx%d/%d", kernel, kernel, stride),
                size,
                in,
                outSize,
                out,
                multAdds,
                depthwiseParams + pointwiseParams,
                (double) multAdds / standardMultAdds);
    }

    private static LayerCost invertedResidual(
            int size, int in, int out, int kernel, int stride, int expansion) {
        int outSize = outputSize(size, stride);
        int hidden = in * expansion;
        long expandParams = expansion == 1 ? 0 : (long) in * hidden;
        long depthwiseParams = (long) hidden * kernel * kernel;
        long projectParams = (long) hidden * out;
        long multAdds =
                (long) size * size * expandParams
                        + (long) outSize * outSize * (depthwiseParams + projectParams);
        return new LayerCost(
                String.format("invres t%d %dx%d/%d", expansion, kernel, kernel, stride),
                size,
                in,
                outSize,
                out,
                multAdds,
                expandParams + depthwiseParams + projectParams,
                Double.NaN);
    }
}
