package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Classifications.Classification;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.data.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DJL's output for the first 200 test images agrees with what PyTorch computed from the same
 * TorchScript file when the training script exported it ({@code reference-top5.tsv}).
 */
class ParityWithPyTorchTest {

    @Test
    void topFiveProbabilitiesAgreeWithinOneInTenThousand() throws Exception {
        List<String[]> reference = readReference();
        assertThat(reference).hasSize(200);
        FashionMnist testSet = FashionMnist.testSet();
        ImageFactory factory = ImageFactory.getInstance();

        try (ClassifierModel model = ModelLoader.load(BundledModel.spec());
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                images.add(factory.fromImage(testSet.image(i)));
            }
            List<Classifications> results = predictor.batchPredict(images);
            for (int i = 0; i < 200; i++) {
                String[] row = reference.get(i);
                assertThat(Integer.parseInt(row[1])).isEqualTo(testSet.label(i));
                List<Classification> top5 = results.get(i).topK(5);
                assertThat(top5.get(0).getClassName())
                        .as("top-1 of image %d", i)
                        .isEqualTo(model.labels().get(Integer.parseInt(row[2])));
                for (int k = 0; k < 5; k++) {
                    double expected = Double.parseDouble(row[3 + 2 * k]);
                    String expectedLabel = model.labels().get(Integer.parseInt(row[2 + 2 * k]));
                    double actual = probabilityOf(results.get(i), expectedLabel);
                    assertThat(actual)
                            .as("probability of %s for image %d", expectedLabel, i)
                            .isCloseTo(expected, within(1e-4));
                }
            }
        }
    }

    private static double probabilityOf(Classifications result, String label) {
        return result.get(label).getProbability();
    }

    private static List<String[]> readReference() throws IOException {
        try (InputStream in =
                ParityWithPyTorchTest.class.getResourceAsStream("/reference-top5.tsv")) {
            assertThat(in).as("reference-top5.tsv written by train_fashion_mnist.py").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .toList();
        }
    }
}
