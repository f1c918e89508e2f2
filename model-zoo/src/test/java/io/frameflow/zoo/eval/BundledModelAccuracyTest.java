package io.frameflow.zoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import org.junit.jupiter.api.Test;

/**
 * The bundled models' accuracy on all 10 000 Fashion-MNIST test images, measured through DJL: as
 * their scripts measured it in PyTorch, and the int8 build within 0.3 points of the float model.
 */
class BundledModelAccuracyTest {

    @Test
    void floatModelAtLeastNinetyThreePercentAndAsTheTrainingScriptMeasured() throws Exception {
        double accuracy = javaAccuracy(BundledModel.FLOAT);

        assertThat(accuracy).isGreaterThanOrEqualTo(0.93);
        assertThat(accuracy).isCloseTo(BundledModel.FLOAT.metadata().testAccuracy(), within(0.001));
    }

    /** On the default engine (x86), not the QNNPACK engine the script measured with. */
    @Test
    void int8ModelWithinThreeTenthsOfAPointOfTheFloatModel() throws Exception {
        double accuracy = javaAccuracy(BundledModel.INT8);

        assertThat(accuracy).isCloseTo(BundledModel.INT8.metadata().testAccuracy(), within(0.002));
        assertThat(accuracy).isCloseTo(BundledModel.FLOAT.metadata().testAccuracy(), within(0.003));
    }

    private static double javaAccuracy(BundledModel bundled) throws Exception {
        try (ClassifierModel model = ModelLoader.load(bundled.spec())) {
            AccuracyResult result = Evaluator.accuracy(model, FashionMnist.testSet(), 10_000, 64);
            assertThat(result.total()).isEqualTo(10_000);
            return result.accuracy();
        }
    }
}
