package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import io.frameflow.zoo.cost.CostModel;
import io.frameflow.zoo.cost.CostReport;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BundledModelTest {

    @Test
    void theJavaCostModelCountsWhatPyTorchCountedOnTheTrainedNetwork() {
        ModelMetadata metadata = BundledModel.metadata();
        MobileNetConfig network =
                new MobileNetConfig(
                        MobileNetFamily.V1, metadata.alpha(), metadata.inputSize(), 1, 10, 1);

        CostReport report = CostModel.of(network);

        assertThat(report.multAdds()).isEqualTo(metadata.multAdds());
        assertThat(report.params()).isEqualTo(metadata.params());
    }

    @Test
    void isSmallAndExtractedWithItsRecordedChecksum() throws Exception {
        var file = BundledModel.folder().resolve(BundledModel.NAME + ".pt");

        assertThat(Files.size(file)).isLessThan(8L * 1024 * 1024);
        assertThat(Sha256.of(file)).isEqualTo(BundledModel.metadata().sha256());
        assertThat(BundledModel.metadata().command()).contains("train_fashion_mnist.py");
    }
}
