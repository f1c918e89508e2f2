package io.frameflow.zoo.cost;

import io.frameflow.zoo.arch.MobileNetConfig;
import java.util.List;

/** The per-layer costs of a network and their totals. */
public record CostReport(MobileNetConfig network, List<LayerCost> layers) {

    public CostReport {
        layers = List.copyOf(layers);
    }

    /** Total mult-adds for one image. */
    public long multAdds() {
        return layers.stream().mapToLong(LayerCost::multAdds).sum();
    }

    /** Total parameters (convolution and fully connected weights, FC bias). */
    public long params() {
        return layers.stream().mapToLong(LayerCost::params).sum();
    }
}
