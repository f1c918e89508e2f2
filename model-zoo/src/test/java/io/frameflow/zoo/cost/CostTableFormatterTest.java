package io.frameflow.zoo.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import org.junit.jupiter.api.Test;

class CostTableFormatterTest {

    @Test
    void printsOneLinePerLayerAndTheTotals() {
        CostReport report = CostModel.of(MobileNetConfig.imageNet(MobileNetFamily.V1, 1.0, 224));

        String table = CostTableFormatter.format(report);

        assertThat(table.lines()).hasSize(report.layers().size() + 3);
        assertThat(table).contains("MobileNetV1-1.00-224");
        assertThat(table).contains("dwsep 3x3/2").contains("0.1189");
        assertThat(table).endsWith(String.format("Total: 568.7 M mult-adds, 4.21 M parameters%n"));
    }
}
