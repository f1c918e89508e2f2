package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.frameflow.zoo.data.FashionMnist;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bytes-in path (pixels normalised on the model's device) gives what the float path gave: a
 * normalised channel-major float batch built on the host, as the classifier sent before.
 */
class InputNormalizationTest {

    private static final Preprocessing RGB =
            new Preprocessing(
                    4,
                    3,
                    0,
                    ColorMode.RGB,
                    new float[] {0.485f, 0.456f, 0.406f},
                    new float[] {0.229f, 0.224f, 0.225f});

    @Test
    void aBatchOfBytesBecomesTheHostFloatTensorChannelMajor() {
        int batch = 3;
        byte[][] images = randomImages(batch, ImagePixels.length(RGB), new Random(11));
        InputNormalization normalization = new InputNormalization(RGB, Precision.FP32);

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = normalization.batch(manager, direct(images), batch);

            assertThat(input.getShape()).isEqualTo(new Shape(batch, 3, 3, 4));
            assertThat(input.toFloatArray())
                    .containsExactly(hostFloatBatch(images, RGB), within(1e-6f));
        }
    }

    @Test
    void oneImageBecomesItsChannelMajorTensor() {
        byte[] pixels = randomImages(1, ImagePixels.length(RGB), new Random(5))[0];

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = new InputNormalization(RGB, Precision.FP32).image(manager, pixels);

            assertThat(input.getShape()).isEqualTo(new Shape(3, 3, 4));
            assertThat(input.toFloatArray())
                    .containsExactly(hostFloatBatch(new byte[][] {pixels}, RGB), within(1e-6f));
        }
    }

    @Test
    void theBundledModelsProbabilitiesEqualTheFloatPathsWithinOneInAHundredThousand()
            throws Exception {
        FashionMnist testSet = FashionMnist.testSet();
        int batch = 64;
        try (ClassifierModel model = ModelLoader.load(BundledModel.spec());
                Predictor<List<byte[]>, List<float[]>> bytesIn =
                        model.model().newPredictor(model.newBatchTranslator(true));
                Predictor<NDList, NDList> floatsIn =
                        model.model().newPredictor(new NoopTranslator());
                NDManager manager = model.model().getNDManager().newSubManager()) {
            Preprocessing p = model.preprocessing();
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(ImagePixels.of(testSet.image(i), p));
            }

            List<float[]> fromBytes = bytesIn.predict(images);
            float[] host = hostFloatBatch(images.toArray(byte[][]::new), p);
            NDArray floats =
                    manager.create(host, new Shape(batch, p.channels(), p.height(), p.width()));
            float[] fromFloats =
                    floatsIn.predict(new NDList(floats))
                            .singletonOrThrow()
                            .softmax(-1)
                            .toFloatArray();

            int classes = fromBytes.get(0).length;
            for (int i = 0; i < batch; i++) {
                for (int c = 0; c < classes; c++) {
                    assertThat(fromBytes.get(i)[c])
                            .as("image %d, class %d", i, c)
                            .isCloseTo(fromFloats[i * classes + c], within(1e-5f));
                }
            }
        }
    }

    /** What the classifier computed on the host before: (pixel / 255 - mean) / std, NCHW. */
    static float[] hostFloatBatch(byte[][] images, Preprocessing p) {
        int channels = p.channels();
        int plane = p.width() * p.height();
        float[] out = new float[images.length * channels * plane];
        for (int b = 0; b < images.length; b++) {
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < channels; c++) {
                    float value = (images[b][i * channels + c] & 0xff) / 255f;
                    out[(b * channels + c) * plane + i] = (value - p.mean()[c]) / p.std()[c];
                }
            }
        }
        return out;
    }

    private static byte[][] randomImages(int count, int length, Random random) {
        byte[][] images = new byte[count][length];
        for (byte[] image : images) {
            random.nextBytes(image);
        }
        return images;
    }

    private static ByteBuffer direct(byte[][] images) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(images.length * images[0].length)
                        .order(ByteOrder.nativeOrder());
        for (byte[] image : images) {
            buffer.put(image);
        }
        return buffer.flip();
    }
}
