package io.frameflow.zoo.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostModelTest {

    /** Howard et al. 2017, Tables 6 and 7: mult-adds within 1%, parameters within 0.05 M. */
    @ParameterizedTest(name = "MobileNetV1-{0}-{1}: {2} M mult-adds, {3} M params")
    @CsvSource({
        "1.0,  224, 569, 4.2",
        "0.75, 224, 325, 2.6",
        "0.5,  224, 149, 1.3",
        "0.25, 224,  41, 0.5",
        "1.0,  192, 418, 4.2",
        "1.0,  160, 290, 4.2",
        "1.0,  128, 186, 4.2",
    })
    void reproducesTheMobileNetV1Paper(
            double alpha, int resolution, double paperMultAddsM, double paperParamsM) {
        CostReport report =
                CostModel.of(MobileNetConfig.imageNet(MobileNetFamily.V1, alpha, resolution));

        assertThat(report.multAdds() / 1e6)
                .isCloseTo(paperMultAddsM, within(paperMultAddsM * 0.01));
        assertThat(report.params() / 1e6).isCloseTo(paperParamsM, within(0.05));
    }

    @Test
    void mobileNetV2IsAbout300MMultAddsAnd3Point4MParams() {
        CostReport report = CostModel.of(MobileNetConfig.imageNet(MobileNetFamily.V2, 1.0, 224));

        assertThat(report.multAdds() / 1e6).isCloseTo(300, within(3.0));
        assertThat(report.params() / 1e6).isCloseTo(3.4, within(0.1));
        // 17 bottlenecks between the stem and the last 1x1 convolution.
        assertThat(report.layers()).filteredOn(l -> l.name().startsWith("invres")).hasSize(17);
    }

    @Test
    void depthwiseSeparableLayersCostOneOverNPlusOneOverKSquaredOfAStandardConvolution() {
        CostReport report = CostModel.of(MobileNetConfig.imageNet(MobileNetFamily.V1, 1.0, 224));
        List<LayerCost> separable =
                report.layers().stream().filter(l -> l.name().startsWith("dwsep")).toList();

        assertThat(separable).hasSize(13);
        for (LayerCost layer : separable) {
            assertThat(layer.standardConvRatio())
                    .as(layer.name())
                    .isCloseTo(1.0 / layer.outputChannels() + 1.0 / 9, within(1e-12));
        }
    }

    @Test
    void followsThePublishedLayerShapes() {
        CostReport report = CostModel.of(MobileNetConfig.imageNet(MobileNetFamily.V1, 1.0, 224));
        List<LayerCost> layers = report.layers();

        assertThat(layers.get(0).name()).isEqualTo("conv 3x3/2");
        assertThat(layers.get(0).outputSize()).isEqualTo(112);
        assertThat(layers.get(0).outputChannels()).isEqualTo(32);
        LayerCost last = layers.get(13);
        assertThat(last.outputSize()).isEqualTo(7);
        assertThat(last.outputChannels()).isEqualTo(1024);
        assertThat(layers.get(layers.size() - 1).name()).isEqualTo("fc");
        assertThat(layers.get(layers.size() - 1).multAdds()).isEqualTo(1024 * 1000);
    }

    @Test
    void stemStrideOverrideKeepsSmallInputsLarge() {
        MobileNetConfig small = new MobileNetConfig(MobileNetFamily.V1, 0.5, 28, 1, 10, 1);

        CostReport report = CostModel.of(small);

        assertThat(report.layers().get(0).outputSize()).isEqualTo(28);
        assertThat(report.layers().get(0).outputChannels()).isEqualTo(16);
        assertThat(report.layers().get(13).outputSize()).isEqualTo(2);
    }
}
