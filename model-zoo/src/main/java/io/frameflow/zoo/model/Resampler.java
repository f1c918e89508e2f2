package io.frameflow.zoo.model;

/**
 * Separable antialiased bilinear (triangle filter) resampling of one float plane, the algorithm of
 * PIL's {@code Image.resize(..., BILINEAR)} that torchvision uses: when shrinking, the filter
 * widens with the scale so every source pixel contributes.
 */
final class Resampler {

    private Resampler() {}

    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
        float[] horizontal = new float[dstW * srcH];
        Weights wx = Weights.of(srcW, dstW);
        for (int y = 0; y < srcH; y++) {
            int row = y * srcW;
            for (int x = 0; x < dstW; x++) {
                float sum = 0;
                int start = wx.start[x];
                int base = x * wx.span;
                for (int k = 0; k < wx.count[x]; k++) {
                    sum += src[row + start + k] * wx.weight[base + k];
                }
                horizontal[y * dstW + x] = sum;
            }
        }
        float[] out = new float[dstW * dstH];
        Weights wy = Weights.of(srcH, dstH);
        for (int y = 0; y < dstH; y++) {
            int start = wy.start[y];
            int base = y * wy.span;
            for (int k = 0; k < wy.count[y]; k++) {
                float weight = wy.weight[base + k];
                int row = (start + k) * dstW;
                for (int x = 0; x < dstW; x++) {
                    out[y * dstW + x] += horizontal[row + x] * weight;
                }
            }
        }
        return out;
    }

    /** For each output index, the first source index, how many contribute, and their weights. */
    private static final class Weights {
        final int[] start;
        final int[] count;
        final float[] weight;
        final int span;

        private Weights(int[] start, int[] count, float[] weight, int span) {
            this.start = start;
            this.count = count;
            this.weight = weight;
            this.span = span;
        }

        static Weights of(int srcSize, int dstSize) {
            double scale = (double) srcSize / dstSize;
            double support = Math.max(1.0, scale);
            int span = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[dstSize];
            int[] count = new int[dstSize];
            float[] weight = new float[dstSize * span];
            for (int i = 0; i < dstSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) (center - support + 0.5));
                int hi = Math.min(srcSize, (int) (center + support + 0.5));
                double total = 0;
                int n = Math.min(span, hi - lo);
                for (int k = 0; k < n; k++) {
                    double distance = (lo + k - center + 0.5) / support;
                    double w = Math.max(0, 1 - Math.abs(distance));
                    weight[i * span + k] = (float) w;
                    total += w;
                }
                for (int k = 0; k < n && total > 0; k++) {
                    weight[i * span + k] /= (float) total;
                }
                start[i] = lo;
                count[i] = n;
            }
            return new Weights(start, count, weight, span);
        }
    }
}
