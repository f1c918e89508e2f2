package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.frameflow.zoo.arch.MobileNetConfig;
import io.frameflow.zoo.arch.MobileNetFamily;
import io.frameflow.zoo.cost.CostModel;
import io.frameflow.zoo.cost.CostReport;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bundled models are what their metadata says, and each location names its own. */
class BundledModelTest {

    @ParameterizedTest
    @EnumSource(BundledModel.class)
    void theJavaCostModelCountsWhatPyTorchCountedOnTheTrainedNetwork(BundledModel bundled) {
        ModelMetadata metadata = bundled.metadata();
        MobileNetConfig network =
                new MobileNetConfig(
                        MobileNetFamily.V1, metadata.alpha(), metadata.inputSize(), 1, 10, 1);

        CostReport report = CostModel.of(network);

        assertThat(report.multAdds()).isEqualTo(metadata.multAdds());
        assertThat(report.params()).isEqualTo(metadata.params());
    }

    @ParameterizedTest
    @EnumSource(BundledModel.class)
    void isSmallAndExtractedWithItsRecordedChecksum(BundledModel bundled) throws Exception {
        var file = bundled.folder().resolve(bundled.modelName() + ".pt");

        assertThat(Files.size(file)).isLessThan(5L * 1024 * 1024);
        assertThat(Sha256.of(file)).isEqualTo(bundled.metadata().sha256());
        assertThat(bundled.folder().getFileName().toString()).isEqualTo(bundled.modelName());
    }

    @Test
    void eachScriptRecordsItsCommand() {
        assertThat(BundledModel.FLOAT.metadata().command()).contains("train_fashion_mnist.py");
        assertThat(BundledModel.INT8.metadata().command()).contains("quantize_bundled.py");
    }

    @Test
    void locationsNameTheirModels() {
        assertThat(BundledModel.forLocation("bundled")).contains(BundledModel.FLOAT);
        assertThat(BundledModel.forLocation(" bundled-int8 ")).contains(BundledModel.INT8);
        assertThat(BundledModel.forLocation("bundled-int4")).isEmpty();
    }

    @Test
    void theInt8BuildIsMadeFromTheShippedFloatModel() throws Exception {
        String floatSha = BundledModel.FLOAT.metadata().sha256();
        try (InputStream in =
                BundledModel.class.getResourceAsStream(
                        "/io/frameflow/zoo/bundled/fashion_mnist_mobilenet_v1_int8/metadata.json")) {
            JsonObject json =
                    JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            assertThat(json.getAsJsonObject("float_model").get("sha256").getAsString())
                    .as("quantize_bundled.py must be re-run after a new float model")
                    .isEqualTo(floatSha);
        }
    }
}
