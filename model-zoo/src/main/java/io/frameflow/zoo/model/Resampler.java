package io.frameflow.zoo.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Separable antialiased bilinear (triangle filter) resampling of one float plane, the algorithm of
 * PIL's {@code Image.resize(..., BILINEAR)} that torchvision uses: when shrinking, the filter
 * widens with the scale so every source pixel contributes.
 */
final class Resampler {

    private Resampler() {}

    /** Filter weights per (source size, target size): frames of one camera share them. */
    private static final Map<Long, Weights> WEIGHTS = new ConcurrentHashMap<>();

    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
        return resizeCrop(src, srcW, srcH, dstW, dstH, 0, 0, dstW, dstH);
    }

    /**
     * The window {@code [left, left + outW) x [top, top + outH)} of the image resized to {@code
     * dstW x dstH}: the same values as resizing all of it and cropping, but only the source rows
     * and output pixels the window needs are computed (a 640×480 frame resized to 341×256 and
     * cropped to 224×224 needs 58% of the work).
     */
    static float[] resizeCrop(
            float[] src,
            int srcW,
            int srcH,
            int dstW,
            int dstH,
            int left,
            int top,
            int outW,
            int outH) {
        Weights wx = weights(srcW, dstW);
        Weights wy = weights(srcH, dstH);
        int firstRow = wy.start[top];
        int lastRow = firstRow;
        for (int y = top; y < top + outH; y++) {
            lastRow = Math.max(lastRow, wy.start[y] + wy.count[y]);
        }
        // Horizontal pass over the source rows the window reads, only for its columns.
        float[] horizontal = new float[outW * (lastRow - firstRow)];
        for (int y = firstRow; y < lastRow; y++) {
            int row = y * srcW;
            int outRow = (y - firstRow) * outW;
            for (int x = 0; x < outW; x++) {
                int dx = x + left;
                float sum = 0;
                int start = row + wx.start[dx];
                int base = dx * wx.span;
                for (int k = 0; k < wx.count[dx]; k++) {
                    sum += src[start + k] * wx.weight[base + k];
                }
                horizontal[outRow + x] = sum;
            }
        }
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int dy = y + top;
            int start = wy.start[dy] - firstRow;
            int base = dy * wy.span;
            for (int k = 0; k < wy.count[dy]; k++) {
                float weight = wy.weight[base + k];
                int row = (start + k) * outW;
                int outRow = y * outW;
                for (int x = 0; x < outW; x++) {
                    out[outRow + x] += horizontal[row + x] * weight;
                }
            }
        }
        return out;
    }

    private static Weights weights(int srcSize, int dstSize) {
        return WEIGHTS.computeIfAbsent(
                ((long) srcSize << 32) | dstSize, key -> Weights.of(srcSize, dstSize));
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
