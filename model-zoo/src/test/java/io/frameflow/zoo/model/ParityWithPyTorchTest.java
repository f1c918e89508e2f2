package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Classifications.Classification;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DJL's output for the first 200 test images agrees with what PyTorch computed from the same
 * TorchScript file when the script that wrote it exported it: {@code reference-top5.tsv} for the
 * float model ({@code train_fashion_mnist.py}), {@code reference-top5-int8.tsv} for its int8 build
 * ({@code quantize_bundled.py}).
 */
class ParityWithPyTorchTest {

    /** Float kernels agree to rounding; QNNPACK's int8 kernels agree exactly. */
    private static final double TOLERANCE = 1e-4;

    @Test
    void floatTopFiveProbabilitiesAgreeWithinOneInTenThousand() throws Exception {
        assertAgrees(BundledModel.FLOAT.spec(), ReferenceTop5.floatModel());
    }

    /**
     * int8 kernels differ between engines by a rounding step of the logits (up to 0.05 in
     * probability between oneDNN and x86 here), so the reference names its engine and DJL runs the
     * same one: QNNPACK, whose arithmetic is the same in Debian's torch and DJL's libtorch.
     */
    @Test
    void int8TopFiveProbabilitiesAgreeOnTheReferenceEngine() throws Exception {
        ReferenceTop5 reference = ReferenceTop5.int8();
        assertThat(reference.header()).contains("quantized engine qnnpack");
        ModelSpec spec =
                BundledModel.INT8.spec().toBuilder()
                        .optQuantizedEngine(QuantizedEngine.QNNPACK)
                        .build();
        assertAgrees(spec, reference);
    }

    private static List<String> labels(ClassifierModel model, Set<Integer> classes) {
        return classes.stream().map(model.labels()::get).toList();
    }

    private static void assertAgrees(ModelSpec spec, ReferenceTop5 reference) throws Exception {
        assertThat(reference.size()).isEqualTo(200);
        FashionMnist testSet = FashionMnist.testSet();
        ImageFactory factory = ImageFactory.getInstance();

        try (ClassifierModel model = ModelLoader.load(spec);
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                images.add(factory.fromImage(testSet.image(i)));
            }
            List<Classifications> results = predictor.batchPredict(images);
            for (int i = 0; i < 200; i++) {
                assertThat(reference.label(i)).isEqualTo(testSet.label(i));
                List<Classification> top5 = results.get(i).topK(5);
                assertThat(top5.get(0).getClassName())
                        .as("top-1 of image %d", i)
                        .isIn(labels(model, reference.top1(i)));
                for (int k = 0; k < 5; k++) {
                    String expectedLabel = model.labels().get(reference.classAt(i, k));
                    assertThat(results.get(i).get(expectedLabel).getProbability())
                            .as("probability of %s for image %d", expectedLabel, i)
                            .isCloseTo(reference.probabilityAt(i, k), within(TOLERANCE));
                }
            }
        }
    }
}
