package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.testutils.TestModels;
import io.frameflow.zoo.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that fail a check are refused: the models in force stay, a status event says why, and
 * frames go on being classified.
 */
class ModelRefusalTest {

    @TempDir static Path models;
    static Path coarse;

    @TempDir Path tmp;

    private ControlledHarness op;

    @BeforeAll
    static void copyCoarseModel() {
        coarse = TestModels.coarse(models);
    }

    @AfterEach
    void close() throws Exception {
        if (op != null) {
            op.close();
        }
    }

    @Test
    void aModelWhoseFileHasAnotherSha256() throws Exception {
        ModelDescriptor wrong =
                ModelDescriptors.create(
                        null,
                        coarse.toString(),
                        TestModels.bundledSha256(),
                        ModelRole.ACTIVE,
                        null,
                        "test");

        assertRefused(wrong, "Checksum mismatch", TestModels.sha256(coarse));
    }

    @Test
    void aModelWhoseOutputWidthDiffersFromItsLabels() throws Exception {
        Path folder = TestModels.coarse(tmp.resolve("ten-labels"));
        Files.writeString(
                folder.resolve("synset.txt"), String.join("\n", FashionMnist.CLASS_NAMES) + "\n");

        assertRefused(
                TestModels.of(folder, ModelRole.CANARY, 10.0),
                "has 10 labels but the model outputs 5 classes");
    }

    @Test
    void aFileThatIsNotTorchScript() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("garbage"));
        Files.writeString(folder.resolve("garbage.pt"), "not a model");

        assertRefused(TestModels.of(folder, ModelRole.ACTIVE, null), "Not a TorchScript file");
    }

    @Test
    void aLocationWithNothingThere() throws Exception {
        ModelDescriptor missing =
                ModelDescriptors.create(
                        "gone",
                        tmp.resolve("gone").toString(),
                        TestModels.sha256(coarse),
                        ModelRole.SHADOW,
                        null,
                        "test");

        assertRefused(missing, "Model not found");
    }

    @Test
    void aModelThatTakesOtherInputThanTheStreamDecodes() throws Exception {
        Path folder = TestModels.coarse(tmp.resolve("wider"));
        Files.writeString(
                folder.resolve("serving.properties"),
                "width=32\nheight=32\nchannels=1\nmean=0.286\nstd=0.353\n");

        assertRefused(TestModels.of(folder, ModelRole.ACTIVE, null), "takes 32x32 GRAYSCALE input");
    }

    @Test
    void malformedDescriptorsAreRefusedBeforeAnythingLoads() throws Exception {
        ModelDescriptor canaryWithoutShare = TestModels.of(coarse, ModelRole.CANARY, null);
        ModelDescriptor badSha = TestModels.of(coarse, ModelRole.ACTIVE, null);
        badSha.setSha256("abc");

        op = ControlledHarness.open(ModelSwapTest.OPTIONS);
        op.publish(canaryWithoutShare);
        op.publish(badSha);

        assertThat(op.statuses(ModelStatusKind.REFUSED))
                .extracting(ModelStatus::getReason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("a canary needs canaryPercent in (0, 100]"),
                        r -> assertThat(r).contains("sha256 must be 64"));
    }

    @Test
    void theActiveModelCannotBeRetiredNorBeItsOwnCanary() throws Exception {
        op = ControlledHarness.open(ModelSwapTest.OPTIONS);
        op.publish(TestModels.bundled(ModelRole.RETIRED, null));
        op.publish(TestModels.bundled(ModelRole.CANARY, 10.0));

        assertThat(op.awaitStatuses(ModelStatusKind.REFUSED, 2))
                .extracting(ModelStatus::getReason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("cannot be retired"),
                        r -> assertThat(r).contains("a canary must be another model"));
    }

    /**
     * Publishes a descriptor that must be refused, then a good one: the refusal names the reason,
     * frames in between keep the model in force, and the next descriptor still applies.
     */
    private void assertRefused(ModelDescriptor bad, String... reason) throws Exception {
        op = ControlledHarness.open(ModelSwapTest.OPTIONS);
        op.publish(bad);
        ModelStatus refused = op.awaitStatus(ModelStatusKind.REFUSED, 1);
        for (int i = 0; i < 4; i++) {
            op.frame(i, "cam-" + i);
        }

        assertThat(refused.getDescriptorId()).isEqualTo(bad.getId());
        assertThat(refused.getReason()).contains(reason);
        assertThat(refused.getActive().getVersion()).isEqualTo(TestModels.bundledVersion());
        assertThat(refused.getCanary()).isNull();
        assertThat(refused.getShadow()).isNull();
        ModelSwapTest.assertMadeBy(op.predictions(), TestModels.bundledVersion());

        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        op.awaitStatus(ModelStatusKind.APPLIED, 1);
        op.frame(4, "cam-4");
        op.harness.endInput1();
        assertThat(op.predictions().get(4).getModelId()).isEqualTo(TestModels.COARSE);
    }
}
