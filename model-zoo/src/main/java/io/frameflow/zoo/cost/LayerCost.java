package io.frameflow.zoo.cost;

/**
 * The cost of one layer of a concrete network.
 *
 * @param name what the layer is, e.g. {@code dwsep 3x3/2}
 * @param inputSize input height (= width)
 * @param inputChannels input channels
 * @param outputSize output height (= width)
 * @param outputChannels output channels
 * @param multAdds multiply-accumulate operations for one image
 * @param params weights (convolution and fully connected; batch norm not counted, as in the paper)
 * @param standardConvRatio for a depthwise separable layer, its mult-adds divided by those of a
 *     standard convolution of the same shape (= 1/N + 1/Dk²); {@code NaN} for other layers
 */
public record LayerCost(
        String name,
        int inputSize,
        int inputChannels,
        int outputSize,
        int outputChannels,
        long multAdds,
        long params,
        double standardConvRatio) {}
