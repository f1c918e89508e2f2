package io.frameflow.operators.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.frameflow.zoo.model.Preprocessing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator for a whole micro-batch: preprocessed tensors in, one probability row per image
 * out. The batch goes to libtorch as one {@code [B, C, H, W]} array from a single direct buffer,
 * reused across batches, instead of B arrays stacked by a batchifier.
 */
final class FrameBatchTranslator implements NoBatchifyTranslator<List<float[]>, List<float[]>> {

    private final Shape imageShape;
    private final int imageLength;
    private final boolean applySoftmax;

    /** Reused from batch to batch: one translator serves one subtask's predictor, one thread. */
    private ByteBuffer batchBuffer;

    FrameBatchTranslator(Preprocessing preprocessing, boolean applySoftmax) {
        this.imageShape =
                new Shape(preprocessing.channels(), preprocessing.height(), preprocessing.width());
        this.imageLength = Math.toIntExact(imageShape.size());
        this.applySoftmax = applySoftmax;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<float[]> tensors) {
        int bytes = tensors.size() * imageLength * Float.BYTES;
        if (batchBuffer == null || batchBuffer.capacity() < bytes) {
            batchBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        batchBuffer.clear().limit(bytes);
        FloatBuffer buffer = batchBuffer.asFloatBuffer();
        for (float[] tensor : tensors) {
            if (tensor == null || tensor.length != imageLength) {
                throw new IllegalArgumentException(
                        String.format(
                                "input tensor has %d values, the model expects %s = %d",
                                tensor == null ? 0 : tensor.length, imageShape, imageLength));
            }
            buffer.put(tensor);
        }
        Shape batch = new Shape(tensors.size()).addAll(imageShape);
        // A direct native-order ByteBuffer goes to libtorch without another copy; the array
        // lives only for this predict call, so the buffer can serve the next batch.
        return new NDList(ctx.getNDManager().create(batchBuffer, batch, DataType.FLOAT32));
    }

    @Override
    public List<float[]> processOutput(TranslatorContext ctx, NDList list) {
        NDArray output = list.singletonOrThrow();
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
}
