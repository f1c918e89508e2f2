package io.frameflow.zoo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Turns model-ready pixels ({@link ImagePixels}: unsigned bytes, height × width × channels) into
 * the model's input tensor on the model's device: the bytes cross to the device as they are, and
 * there they are scaled to [0, 1], normalised with the preprocessing's mean and standard deviation,
 * laid out channel-major and cast to the model's precision. Sending bytes instead of a float batch
 * built on the host cuts what is copied per frame 4×; on a GPU that copy was the bottleneck (7.5×
 * fewer images/s with float batches, ARCHITECTURE.md decision 8).
 *
 * <p>Each value is {@code pixel × (1 / (255 std)) − mean / std}, the same as {@code (pixel / 255 −
 * mean) / std} up to float rounding (1e-6).
 */
public final class InputNormalization {

    private final Preprocessing preprocessing;
    private final Precision precision;
    private final float[] scale;
    private final float[] offset;

    public InputNormalization(Preprocessing preprocessing, Precision precision) {
        this.preprocessing = preprocessing;
        this.precision = precision;
        int channels = preprocessing.channels();
        this.scale = new float[channels];
        this.offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * preprocessing.std()[c]);
            offset[c] = preprocessing.mean()[c] / preprocessing.std()[c];
        }
    }

    /** Bytes per image. */
    public int imageLength() {
        return ImagePixels.length(preprocessing);
    }

    /**
     * The model input {@code [batch, C, H, W]} from the pixels of {@code batch} images in a direct,
     * native-order buffer (position 0). The buffer is read before this returns, so the caller may
     * reuse it for the next batch.
     */
    public NDArray batch(NDManager manager, ByteBuffer pixels, int batch) {
        Shape shape =
                new Shape(
                        batch,
                        preprocessing.height(),
                        preprocessing.width(),
                        preprocessing.channels());
        try (NDArray bytes = manager.create(pixels, shape, DataType.UINT8)) {
            return forDevice(normalize(manager, bytes).transpose(0, 3, 1, 2));
        }
    }

    /** The model input {@code [C, H, W]} of one image's pixels. */
    public NDArray image(NDManager manager, byte[] pixels) {
        Shape shape =
                new Shape(preprocessing.height(), preprocessing.width(), preprocessing.channels());
        try (NDArray bytes = manager.create(ByteBuffer.wrap(pixels), shape, DataType.UINT8)) {
            return forDevice(normalize(manager, bytes).transpose(2, 0, 1));
        }
    }

    /**
     * The transposed view as the model's device takes it best. Its strides are channels-last. On a
     * CPU libtorch runs the convolutions faster so (MobileNetV1-1.0-224, 2 threads: 76–94 images/s
     * against 47–77 laid out channel-major), so it stays a view there. On a GPU cuDNN treats
     * channels-last as another convolution layout: on an H200 each new thread then spent seconds
     * choosing kernels for it, and several threads doing so at once crashed inside cuDNN's
     * heuristics; there it is copied channel-major, as a float batch from the host is (nothing to
     * copy for one channel, where both layouts are the same).
     */
    private static NDArray forDevice(NDArray transposed) {
        if (!transposed.getDevice().isGpu()) {
            return transposed;
        }
        return transposed.flatten().reshape(transposed.getShape());
    }

    /** Scales and normalises along the last (channel) axis, then casts to the precision. */
    private NDArray normalize(NDManager manager, NDArray bytes) {
        NDArray values = bytes.toType(DataType.FLOAT32, false);
        NDArray normalised;
        if (scale.length == 1) {
            normalised = values.muli(scale[0]).subi(offset[0]);
        } else {
            try (NDArray s = manager.create(scale);
                    NDArray o = manager.create(offset)) {
                normalised = values.muli(s).subi(o);
            }
        }
        return precision == Precision.FP32
                ? normalised
                : normalised.toType(precision.dataType(), false);
    }
}
