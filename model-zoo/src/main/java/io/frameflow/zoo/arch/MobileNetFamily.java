package io.frameflow.zoo.arch;

/** The MobileNet families Frameflow knows, each defined by a layer table resource. */
public enum MobileNetFamily {
    /** MobileNetV1, Howard et al. 2017. */
    V1("mobilenet-v1.table", "ReLU") {
        @Override
        public int scaleChannels(int channels, double alpha) {
            // The paper and its reference implementations truncate.
            return (int) (channels * alpha);
        }
    },
    /** MobileNetV2, Sandler et al. 2018. */
    V2("mobilenet-v2.table", "ReLU6") {
        @Override
        public int scaleChannels(int channels, double alpha) {
            // Round to a multiple of 8, never losing more than 10% of the channels.
            double value = channels * alpha;
            int rounded = Math.max(8, (int) (value + 4) / 8 * 8);
            return rounded < 0.9 * value ? rounded + 8 : rounded;
        }
    };

    private final String tableResource;
    private final String activation;

    MobileNetFamily(String tableResource, String activation) {
        this.tableResource = tableResource;
        this.activation = activation;
    }

    /** Name of the table resource next to this class. */
    public String tableResource() {
        return tableResource;
    }

    /** The activation the family uses after each batch norm. */
    public String activation() {
        return activation;
    }

    /** Applies the width multiplier to a channel count, rounded the way the family's paper does. */
    public abstract int scaleChannels(int channels, double alpha);

    /** The family's layer table. */
    public LayerTable table() {
        return LayerTable.load(this);
    }
}
