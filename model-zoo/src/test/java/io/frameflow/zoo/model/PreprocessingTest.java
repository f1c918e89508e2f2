package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void readsServingProperties() {
        Properties properties = new Properties();
        properties.setProperty("width", "28");
        properties.setProperty("channels", "1");
        properties.setProperty("mean", "0.286");
        properties.setProperty("std", "0.353");

        Preprocessing p = Preprocessing.fromProperties(properties);

        assertThat(p.width()).isEqualTo(28);
        assertThat(p.height()).isEqualTo(28);
        assertThat(p.colorMode()).isEqualTo(ColorMode.GRAYSCALE);
        assertThat(p.mean()).containsExactly(0.286f);
        assertThat(p.std()).containsExactly(0.353f);
    }

    @Test
    void withoutPropertiesItIsImageNetPreprocessing() {
        assertThat(Preprocessing.fromProperties(new Properties()))
                .isEqualTo(
                        new Preprocessing(
                                224,
                                224,
                                0,
                                ColorMode.RGB,
                                new float[] {0.485f, 0.456f, 0.406f},
                                new float[] {0.229f, 0.224f, 0.225f}));
        assertThat(Preprocessing.imageNet(224).resize()).isEqualTo(256);
    }

    @Test
    void aBadValueNamesItsKey() {
        Properties properties = new Properties();
        properties.setProperty("width", "wide");

        assertThatThrownBy(() -> Preprocessing.fromProperties(properties))
                .hasMessageContaining("serving.properties key 'width' must be an integer");
    }

    @Test
    void meanMustMatchTheChannels() {
        assertThatThrownBy(
                        () ->
                                new Preprocessing(
                                        8,
                                        8,
                                        0,
                                        ColorMode.RGB,
                                        new float[] {0, 0},
                                        new float[] {1}))
                .hasMessageContaining("mean has 2 values but the model has 3 channels");
    }

    @Test
    void stdMustBePositive() {
        assertThatThrownBy(
                        () ->
                                new Preprocessing(
                                        8,
                                        8,
                                        0,
                                        ColorMode.GRAYSCALE,
                                        new float[] {0},
                                        new float[] {0}))
                .hasMessageContaining("std must be positive");
    }
}
