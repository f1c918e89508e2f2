package io.frameflow.zoo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator for a whole micro-batch: each image's model-ready pixels ({@link ImagePixels}) in,
 * one probability row per image out. The batch goes to libtorch as bytes from a single direct
 * buffer, reused across batches, and is normalised on the model's device ({@link
 * InputNormalization}) instead of being stacked from B float arrays by a batchifier.
 *
 * <p>Not thread-safe: one translator serves one predictor on one thread.
 */
public final class PixelBatchTranslator
        implements NoBatchifyTranslator<List<byte[]>, List<float[]>> {

    private final InputNormalization normalization;
    private final int imageLength;
    private final boolean applySoftmax;

    /** Reused from batch to batch. */
    private ByteBuffer batchBuffer;

    public PixelBatchTranslator(
            Preprocessing preprocessing, Precision precision, boolean applySoftmax) {
        this.normalization = new InputNormalization(preprocessing, precision);
        this.imageLength = normalization.imageLength();
        this.applySoftmax = applySoftmax;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<byte[]> images) {
        int bytes = images.size() * imageLength;
        if (batchBuffer == null || batchBuffer.capacity() < bytes) {
            batchBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        batchBuffer.clear().limit(bytes);
        for (byte[] pixels : images) {
            if (pixels == null || pixels.length != imageLength) {
                throw new IllegalArgumentException(
                        String.format(
                                "an image has %d bytes of pixels, the model takes %d",
                                pixels == null ? 0 : pixels.length, imageLength));
            }
            batchBuffer.put(pixels);
        }
        batchBuffer.flip();
        return new NDList(normalization.batch(ctx.getNDManager(), batchBuffer, images.size()));
    }

    @Override
    public List<float[]> processOutput(TranslatorContext ctx, NDList list)
            throws NotAClassifierException {
        NDArray output = list.singletonOrThrow();
        if (output.getShape().dimension() != 2) {
            throw new NotAClassifierException(output.getShape());
        }
        if (output.getDataType() != DataType.FLOAT32) {
            output = output.toType(DataType.FLOAT32, false);
        }
        NDArray probabilities = applySoftmax ? output.softmax(-1) : output;
        int rows = Math.toIntExact(output.getShape().get(0));
        int classes = Math.toIntExact(output.getShape().get(1));
        float[] flat = probabilities.toFloatArray();
        List<float[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            float[] row = new float[classes];
            System.arraycopy(flat, r * classes, row, 0, classes);
            result.add(row);
        }
        return result;
    }

    /** Thrown when the model's output is not one row of class scores per image. */
    public static final class NotAClassifierException extends TranslateException {
        private static final long serialVersionUID = 1L;

        private final transient Shape shape;

        NotAClassifierException(Shape shape) {
            super("the model returned shape " + shape + "; a classifier returns [batch, classes]");
            this.shape = shape;
        }

        /** The shape the model returned. */
        public Shape shape() {
            return shape;
        }
    }
}
