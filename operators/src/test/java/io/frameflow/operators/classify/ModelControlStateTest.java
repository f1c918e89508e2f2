package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.operators.control.CanarySplit;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.testutils.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models in force are operator state: a restored subtask, also at another parallelism, runs the
 * models it ran before from its first frame, and loads the descriptors that were still loading.
 */
class ModelControlStateTest {

    private static final int MAX_PARALLELISM = 8;

    @TempDir static Path models;
    static Path coarse;
    static String coarseVersion;

    @TempDir Path tmp;

    @BeforeAll
    static void copyCoarseModel() {
        coarse = TestModels.coarse(models);
        coarseVersion = ModelDescriptors.version(TestModels.sha256(coarse));
    }

    @Test
    void aRestoredSubtaskRunsItsCanaryFromTheFirstFrame() throws Exception {
        OperatorSubtaskState state;
        try (ControlledHarness first = ControlledHarness.open(ModelSwapTest.OPTIONS)) {
            first.publish(TestModels.of(coarse, ModelRole.CANARY, 50.0));
            first.awaitStatus(ModelStatusKind.APPLIED, 1);
            state = first.checkpoint(1);
        }

        try (ControlledHarness restored =
                ControlledHarness.open(ModelSwapTest.OPTIONS, 1, 0, state)) {
            ModelStatus status = restored.awaitStatus(ModelStatusKind.RESTORED, 1);
            assertThat(status.getCanary().getVersion()).isEqualTo(coarseVersion);
            assertThat(status.getCanaryPercent()).isEqualTo(50.0);
            assertCanaryRouting(restored, 50.0);
        }
    }

    @Test
    void aDescriptorStillLoadingAtTheCheckpointIsAppliedAfterTheRestore() throws Exception {
        OperatorSubtaskState state;
        try (ControlledHarness first = ControlledHarness.open(ModelSwapTest.OPTIONS)) {
            first.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
            // No mail has run: the descriptor is pending, whether its model is loaded or not.
            state = first.checkpoint(1);
            assertThat(first.statuses(ModelStatusKind.APPLIED)).isEmpty();
        }

        try (ControlledHarness restored =
                ControlledHarness.open(ModelSwapTest.OPTIONS, 1, 0, state)) {
            assertThat(restored.awaitStatus(ModelStatusKind.RESTORED, 1).getActive().getVersion())
                    .isEqualTo(TestModels.bundledVersion());
            assertThat(restored.awaitStatus(ModelStatusKind.APPLIED, 1).getActive().getVersion())
                    .isEqualTo(coarseVersion);
            restored.frame(0, "cam-0");
            restored.harness.endInput1();
            assertThat(restored.predictions().get(0).getModelVersion()).isEqualTo(coarseVersion);
        }
    }

    @Test
    void everySubtaskRunsTheSameModelsAfterScalingFromTwoToOneAndToThree() throws Exception {
        List<OperatorSubtaskState> states = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (ControlledHarness op =
                    ControlledHarness.open(ModelSwapTest.OPTIONS, 2, subtask, null)) {
                op.publish(TestModels.of(coarse, ModelRole.ACTIVE, null));
                op.publish(TestModels.bundled(ModelRole.CANARY, 30.0));
                op.awaitStatus(ModelStatusKind.APPLIED, 2);
                states.add(op.checkpoint(1));
            }
        }
        OperatorSubtaskState both =
                AbstractStreamOperatorTestHarness.repackageState(
                        states.toArray(new OperatorSubtaskState[0]));

        for (int parallelism : new int[] {1, 3}) {
            for (int subtask = 0; subtask < parallelism; subtask++) {
                OperatorSubtaskState mine =
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                both, MAX_PARALLELISM, 2, parallelism, subtask);
                try (ControlledHarness op =
                        ControlledHarness.open(ModelSwapTest.OPTIONS, parallelism, subtask, mine)) {
                    ModelStatus restored = op.awaitStatus(ModelStatusKind.RESTORED, 1);
                    assertThat(restored.getActive().getVersion())
                            .as("active of subtask %d of %d", subtask, parallelism)
                            .isEqualTo(coarseVersion);
                    assertThat(restored.getCanary().getVersion())
                            .isEqualTo(TestModels.bundledVersion());
                    assertThat(restored.getParallelism()).isEqualTo(parallelism);
                    for (int camera = 0; camera < 12; camera++) {
                        op.frame(camera, "cam-" + camera);
                    }
                    op.harness.endInput1();
                    for (Prediction p : op.predictions()) {
                        assertThat(p.getModelVersion())
                                .isEqualTo(
                                        CanarySplit.takes(p.getSourceId(), 30.0)
                                                ? TestModels.bundledVersion()
                                                : coarseVersion);
                    }
                }
            }
        }
    }

    @Test
    void aModelThatCannotBeOpenedAgainIsDroppedAndReportedInsteadOfFailingTheJob()
            throws Exception {
        Path doomed = TestModels.coarse(tmp);
        OperatorSubtaskState state;
        try (ControlledHarness first = ControlledHarness.open(ModelSwapTest.OPTIONS)) {
            first.publish(TestModels.of(doomed, ModelRole.ACTIVE, null));
            first.awaitStatus(ModelStatusKind.APPLIED, 1);
            state = first.checkpoint(1);
        }
        try (Stream<Path> files = Files.walk(doomed)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        try (ControlledHarness restored =
                ControlledHarness.open(ModelSwapTest.OPTIONS, 1, 0, state)) {
            ModelStatus refused = restored.awaitStatus(ModelStatusKind.REFUSED, 1);
            assertThat(refused.getReason()).contains("cannot restore it", "Model not found");
            assertThat(refused.getActive().getVersion()).isEqualTo(TestModels.bundledVersion());
            assertThat(refused.getActive().getDescriptorId()).as("the configured model").isNull();
            restored.frame(0, "cam-0");
            restored.harness.endInput1();
            ModelSwapTest.assertMadeBy(restored.predictions(), TestModels.bundledVersion());
        }
    }

    private static void assertCanaryRouting(ControlledHarness op, double percent) throws Exception {
        for (int camera = 0; camera < 12; camera++) {
            op.frame(camera, "cam-" + camera);
        }
        op.harness.endInput1();
        assertThat(op.predictions()).hasSize(12);
        for (Prediction p : op.predictions()) {
            assertThat(p.getModelVersion())
                    .as(p.getSourceId())
                    .isEqualTo(
                            CanarySplit.takes(p.getSourceId(), percent)
                                    ? coarseVersion
                                    : TestModels.bundledVersion());
            TestModels.assertLabelsMatchVersion(p);
        }
    }
}
