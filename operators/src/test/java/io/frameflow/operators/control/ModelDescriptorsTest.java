package io.frameflow.operators.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.zoo.model.BundledModel;
import org.junit.jupiter.api.Test;

class ModelDescriptorsTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void aCreatedDescriptorIsWellFormedWithItsVersionAndIdFromTheLocation() {
        ModelDescriptor d =
                ModelDescriptors.create(
                        null,
                        "s3://bucket/models/coarse/",
                        SHA.toUpperCase(),
                        ModelRole.CANARY,
                        12.5,
                        "ops");

        assertThat(ModelDescriptors.problems(d)).isEmpty();
        assertThat(d.getSha256()).isEqualTo(SHA);
        assertThat(d.getVersion()).isEqualTo("0123456789ab");
        assertThat(d.getModelId()).isEqualTo("coarse");
        assertThat(d.getId()).hasSize(36);
        assertThat(ModelDescriptors.describe(d)).isEqualTo("coarse@0123456789ab canary 12.5%");
    }

    @Test
    void theDefaultModelIdIsTheFileOrFolderName() {
        assertThat(ModelDescriptors.defaultModelId("/m/coarse/coarse.pt")).isEqualTo("coarse");
        assertThat(ModelDescriptors.defaultModelId("file:/m/b")).isEqualTo("b");
        assertThat(ModelDescriptors.defaultModelId("bundled"))
                .isEqualTo(BundledModel.FLOAT.modelName());
    }

    @Test
    void everyProblemIsNamed() {
        ModelDescriptor d = ModelDescriptors.create("m", "", "xyz", ModelRole.ACTIVE, 5.0, "");
        d.setId("");

        assertThat(ModelDescriptors.problems(d))
                .containsExactly(
                        "id is empty",
                        "location is empty",
                        "sha256 must be 64 lower-case hexadecimal digits, was 'xyz'",
                        "canaryPercent is only for role CANARY, this one is ACTIVE",
                        "publishedBy is empty");
    }

    @Test
    void aVersionThatIsNotTheShaPrefixAndACanaryShareOutOfRangeAreRefused() {
        ModelDescriptor d = ModelDescriptors.create("m", "/m", SHA, ModelRole.CANARY, 150.0, "me");
        d.setVersion("v2");

        assertThat(ModelDescriptors.problems(d))
                .containsExactly(
                        "version must be the first 12 digits of sha256 (0123456789ab), was 'v2'",
                        "a canary needs canaryPercent in (0, 100], was 150.0");
    }
}
