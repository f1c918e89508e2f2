package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.operators.control.CanarySplit;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.testutils.TestModels;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping, canary, shadow, promotion and rollback of models in the classifier operator. */
class ModelSwapTest {

    static final ClassifierOptions OPTIONS =
            ClassifierOptions.defaults(BundledModel.FLOAT.spec())
                    .withThreads(1, 1)
                    .withWarmUp(false)
                    .withBatchSize(4)
                    .withMaxWait(Duration.ofHours(1));

    @TempDir static Path models;
    static Path coarse;
    static String coarseVersion;

    private ControlledHarness op;

    @BeforeAll
    static void copyCoarseModel() {
        coarse = TestModels.coarse(models);
        coarseVersion = ModelDescriptors.version(TestModels.sha256(coarse));
    }

    @AfterEach
    void close() throws Exception {
        if (op != null) {
            op.close();
        }
    }

    @Test
    void aNewActiveModelTakesOverBetweenTwoBatches() throws Exception {
        op = ControlledHarness.open(OPTIONS);
        op.frame(0, "cam-a");
        op.frame(1, "cam-a");

        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        ModelStatus applied = op.awaitStatus(ModelStatusKind.APPLIED, 1);
        for (int i = 2; i < 6; i++) {
            op.frame(i, "cam-a");
        }

        List<Prediction> predictions = op.predictions();
        assertThat(predictions)
                .extracting(Prediction::getEventId)
                .containsExactly("fm-0", "fm-1", "fm-2", "fm-3", "fm-4", "fm-5");
        // The half-full batch was classified with the old model before the swap.
        assertMadeBy(predictions.subList(0, 2), TestModels.bundledVersion());
        assertThat(predictions.subList(0, 2))
                .allSatisfy(p -> assertThat(p.getTimings().getBatchSize()).isEqualTo(2));
        assertMadeBy(predictions.subList(2, 6), coarseVersion);
        assertThat(predictions.get(2).getModelId()).isEqualTo(TestModels.COARSE);
        assertThat(applied.getActive().getVersion()).isEqualTo(coarseVersion);
        assertThat(applied.getSwapMicros()).isPositive();
        assertThat(applied.getLoadMillis()).isNotNull();
    }

    @Test
    void framesKeepFlowingThroughTheOldModelWhileTheNewOneLoads() throws Exception {
        op = ControlledHarness.open(OPTIONS);

        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        // No mail runs in between: the load cannot have been applied, whether it finished or not.
        for (int i = 0; i < 8; i++) {
            op.frame(i, "cam-a");
        }
        assertMadeBy(op.predictions(), TestModels.bundledVersion());
        assertThat(op.predictions()).hasSize(8);

        op.awaitStatus(ModelStatusKind.APPLIED, 1);
        op.frame(8, "cam-a");
        op.harness.endInput1();
        assertThat(op.predictions().get(8).getModelVersion()).isEqualTo(coarseVersion);
    }

    @Test
    void aCanaryClassifiesTheCamerasItsShareHashesToAndNoOthers() throws Exception {
        op = ControlledHarness.open(OPTIONS);
        op.publish(TestModels.of(coarse, ModelRole.CANARY, 50.0));
        ModelStatus applied = op.awaitStatus(ModelStatusKind.APPLIED, 1);
        assertThat(applied.getCanary().getVersion()).isEqualTo(coarseVersion);
        assertThat(applied.getCanaryPercent()).isEqualTo(50.0);

        for (int round = 0; round < 3; round++) {
            for (int camera = 0; camera < 20; camera++) {
                op.frame(round * 20 + camera, "cam-" + camera);
            }
        }
        op.harness.endInput1();

        Map<String, List<String>> versionsByCamera =
                op.predictions().stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getSourceId,
                                        Collectors.mapping(
                                                Prediction::getModelVersion, Collectors.toList())));
        assertThat(versionsByCamera).hasSize(20);
        versionsByCamera.forEach(
                (camera, versions) ->
                        assertThat(versions)
                                .as(camera)
                                .containsOnly(
                                        CanarySplit.takes(camera, 50.0)
                                                ? coarseVersion
                                                : TestModels.bundledVersion()));
        assertThat(op.predictions())
                .extracting(Prediction::getModelVersion)
                .contains(coarseVersion, TestModels.bundledVersion());
        op.predictions().forEach(TestModels::assertLabelsMatchVersion);
    }

    @Test
    void promoteThenRollBackAndTheUnusedModelIsReleased() throws Exception {
        op = ControlledHarness.open(OPTIONS);
        op.publish(TestModels.of(coarse, ModelRole.CANARY, 20.0));
        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        ModelStatus promoted = op.awaitStatus(ModelStatusKind.APPLIED, 2);
        assertThat(promoted.getActive().getVersion()).isEqualTo(coarseVersion);
        assertThat(promoted.getCanary()).as("the promoted canary's role").isNull();
        for (int i = 0; i < 4; i++) {
            op.frame(i, "cam-" + i);
        }
        assertMadeBy(op.predictions(), coarseVersion);

        op.publish(TestModels.bundled(ModelRole.ACTIVE, null));
        ModelStatus rolledBack = op.awaitStatus(ModelStatusKind.APPLIED, 3);
        for (int i = 4; i < 8; i++) {
            op.frame(i, "cam-" + i);
        }

        assertThat(rolledBack.getActive().getVersion()).isEqualTo(TestModels.bundledVersion());
        assertMadeBy(op.predictions().subList(4, 8), TestModels.bundledVersion());
        assertThat(op.predictions().get(4).getModelId()).isEqualTo(BundledModel.FLOAT.modelName());
        ModelSpec coarseSpec =
                BundledModel.FLOAT.spec().toBuilder()
                        .setLocation(coarse.toString())
                        .optSha256(TestModels.sha256(coarse))
                        .build();
        assertThat(SharedModels.references(coarseSpec)).as("holds on the coarse model").isZero();
    }

    @Test
    void aShadowClassifiesEveryFrameIntoTheSideOutputOnly() throws Exception {
        op = ControlledHarness.open(OPTIONS);
        op.publish(TestModels.of(coarse, ModelRole.SHADOW, null));
        assertThat(op.awaitStatus(ModelStatusKind.APPLIED, 1).getShadow().getVersion())
                .isEqualTo(coarseVersion);
        for (int i = 0; i < 4; i++) {
            op.frame(i, "cam-" + i);
        }

        assertMadeBy(op.predictions(), TestModels.bundledVersion());
        List<Prediction> shadow = op.shadowPredictions();
        assertMadeBy(shadow, coarseVersion);
        assertThat(shadow)
                .extracting(Prediction::getEventId)
                .containsExactly("fm-0", "fm-1", "fm-2", "fm-3");
        shadow.forEach(TestModels::assertLabelsMatchVersion);

        op.publish(TestModels.of(coarse, ModelRole.RETIRED, null));
        assertThat(op.awaitStatus(ModelStatusKind.APPLIED, 2).getShadow()).isNull();
        for (int i = 4; i < 8; i++) {
            op.frame(i, "cam-" + i);
        }
        assertThat(op.shadowPredictions()).hasSize(4);
        assertThat(op.predictions()).hasSize(8);
    }

    @Test
    void withBatchesInFlightTheSwapWaitsForThemAndOrderHolds() throws Exception {
        op = ControlledHarness.open(OPTIONS.withInFlightBatches(2));
        for (int i = 0; i < 6; i++) {
            op.frame(i, "cam-a");
        }
        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        op.awaitStatus(ModelStatusKind.APPLIED, 1);
        for (int i = 6; i < 10; i++) {
            op.frame(i, "cam-a");
        }
        op.harness.endInput1();

        List<Prediction> predictions = op.predictions();
        assertThat(predictions)
                .extracting(Prediction::getEventId)
                .containsExactly(
                        "fm-0", "fm-1", "fm-2", "fm-3", "fm-4", "fm-5", "fm-6", "fm-7", "fm-8",
                        "fm-9");
        assertMadeBy(predictions.subList(0, 6), TestModels.bundledVersion());
        assertMadeBy(predictions.subList(6, 10), coarseVersion);
    }

    @Test
    void descriptorsReadyTogetherApplyOneAfterTheOtherWhileBatchesAreInFlight() throws Exception {
        op = ControlledHarness.open(OPTIONS.withInFlightBatches(2));
        for (int i = 0; i < 6; i++) {
            op.frame(i, "cam-" + i);
        }
        op.publish(TestModels.of(coarse, ModelRole.CANARY, 50.0));
        op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
        // Both models load before any mail runs (generously: about 0.1 s each here), so the
        // first swap, draining its batches in flight, finds the second one's mail waiting.
        Thread.sleep(3_000);

        ModelStatus promoted = op.awaitStatus(ModelStatusKind.APPLIED, 2);
        for (int i = 6; i < 10; i++) {
            op.frame(i, "cam-" + i);
        }
        op.harness.endInput1();

        assertThat(op.statuses(ModelStatusKind.APPLIED).get(0).getCanary().getVersion())
                .isEqualTo(coarseVersion);
        assertThat(promoted.getActive().getVersion()).isEqualTo(coarseVersion);
        assertThat(promoted.getCanary()).isNull();
        List<Prediction> predictions = op.predictions();
        assertThat(predictions).hasSize(10);
        assertMadeBy(predictions.subList(0, 6), TestModels.bundledVersion());
        assertMadeBy(predictions.subList(6, 10), coarseVersion);
    }

    @Test
    void theFramesWatermarkAloneIsForwardedAfterTheFramesBeforeIt() throws Exception {
        op = ControlledHarness.open(OPTIONS);
        op.frame(0, "cam-a");
        op.frame(1, "cam-a");

        // Descriptors carry no watermark: the frames' one must not wait for them.
        op.harness.processWatermark1(new Watermark(1_001L));

        List<Object> output = List.copyOf(op.harness.getOutput());
        assertThat(output).hasSize(3);
        assertThat(output.get(2)).isEqualTo(new Watermark(1_001L));
    }

    static void assertMadeBy(List<Prediction> predictions, String version) {
        assertThat(predictions).isNotEmpty();
        assertThat(predictions).extracting(Prediction::getModelVersion).containsOnly(version);
        predictions.forEach(TestModels::assertLabelsMatchVersion);
    }
}
