package io.frameflow.zoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import org.junit.jupiter.api.Test;

/** The bundled model's accuracy on all 10 000 Fashion-MNIST test images, measured through DJL. */
class BundledModelAccuracyTest {

    @Test
    void atLeastNinetyThreePercentAndAsTheTrainingScriptMeasured() throws Exception {
        try (ClassifierModel model = ModelLoader.load(BundledModel.spec())) {
            AccuracyResult result = Evaluator.accuracy(model, FashionMnist.testSet(), 10_000, 64);

            assertThat(result.total()).isEqualTo(10_000);
            assertThat(result.accuracy()).isGreaterThanOrEqualTo(0.93);
            assertThat(result.accuracy())
                    .isCloseTo(BundledModel.metadata().testAccuracy(), within(0.001));
        }
    }
}
