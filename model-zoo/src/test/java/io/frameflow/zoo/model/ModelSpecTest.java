package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void locationIsRequired() {
        assertThatThrownBy(() -> ModelSpec.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model location is required");
    }

    @Test
    void topKMustBePositive() {
        assertThatThrownBy(() -> ModelSpec.builder().setLocation("m.pt").optTopK(0).build())
                .hasMessageContaining("topK must be >= 1");
    }

    @Test
    void sha256MustBeSixtyFourHexDigits() {
        assertThatThrownBy(() -> ModelSpec.builder().setLocation("m.pt").optSha256("abc").build())
                .hasMessageContaining("sha256 must be 64 hexadecimal digits");
    }

    @Test
    void deviceSyntax() {
        assertThat(DeviceChoice.parse("GPU:1")).isEqualTo(new DeviceChoice("gpu", 1));
        assertThat(DeviceChoice.parse("cpu")).isEqualTo(DeviceChoice.CPU);
        assertThatThrownBy(() -> DeviceChoice.parse("tpu"))
                .hasMessageContaining("device must be cpu, gpu or gpu:N, was tpu");
    }

    @Test
    void survivesJavaSerializationAsAFlinkJobShipsIt() throws Exception {
        ModelSpec spec =
                ModelSpec.builder()
                        .setLocation("/models/m")
                        .optPreprocessing(Preprocessing.imageNet(224))
                        .optTopK(3)
                        .optSha256("A".repeat(64))
                        .build();

        ModelSpec copy = roundTrip(spec);

        assertThat(copy.location()).isEqualTo("/models/m");
        assertThat(copy.preprocessing()).contains(Preprocessing.imageNet(224));
        assertThat(copy.topK()).isEqualTo(3);
        assertThat(copy.sha256()).contains("a".repeat(64));
    }

    private static ModelSpec roundTrip(ModelSpec spec) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelSpec) in.readObject();
        }
    }
}
