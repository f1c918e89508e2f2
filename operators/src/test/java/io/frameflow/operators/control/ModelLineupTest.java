package io.frameflow.operators.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import org.junit.jupiter.api.Test;

/** The rules of roles: what each descriptor does to the models in force. */
class ModelLineupTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    @Test
    void aCanaryPromotedToActiveLeavesTheCanaryRole() {
        ModelLineup canary = apply(ModelLineup.CONFIGURED, d(B, ModelRole.CANARY, 20.0));
        ModelDescriptor promote = d(B, ModelRole.ACTIVE, null);

        ModelLineup promoted = apply(canary, promote);

        assertThat(promoted.active()).isSameAs(promote);
        assertThat(promoted.canary()).isNull();
    }

    @Test
    void rollingBackMakesTheOldModelActiveAgainAndKeepsAnUnrelatedCanary() {
        ModelLineup lineup =
                apply(
                        apply(ModelLineup.CONFIGURED, d(B, ModelRole.ACTIVE, null)),
                        d(C, ModelRole.CANARY, 5.0));
        ModelDescriptor rollback = d(A, ModelRole.ACTIVE, null);

        ModelLineup rolledBack = apply(lineup, rollback);

        assertThat(rolledBack.active()).isSameAs(rollback);
        assertThat(rolledBack.canary().getSha256()).isEqualTo(C);
    }

    @Test
    void aNewCanaryReplacesTheOldOneAndAModelMovesFromCanaryToShadow() {
        ModelLineup first = apply(ModelLineup.CONFIGURED, d(B, ModelRole.CANARY, 10.0));
        ModelLineup second = apply(first, d(C, ModelRole.CANARY, 30.0));
        assertThat(second.canary().getSha256()).isEqualTo(C);

        ModelLineup moved = apply(second, d(C, ModelRole.SHADOW, null));
        assertThat(moved.canary()).isNull();
        assertThat(moved.shadow().getSha256()).isEqualTo(C);
    }

    @Test
    void retiringEndsACanaryOrShadowRoleOnly() {
        ModelLineup lineup =
                apply(
                        apply(ModelLineup.CONFIGURED, d(B, ModelRole.CANARY, 10.0)),
                        d(C, ModelRole.SHADOW, null));

        ModelLineup retired = apply(lineup, d(B, ModelRole.RETIRED, null));
        assertThat(retired.canary()).isNull();
        assertThat(retired.shadow().getSha256()).isEqualTo(C);

        assertThat(retired.apply(d(B, ModelRole.RETIRED, null), A).refusal())
                .contains("is neither the canary nor the shadow");
        assertThat(retired.apply(d(A, ModelRole.RETIRED, null), A).refusal())
                .contains("cannot be retired");
    }

    @Test
    void theActiveModelCannotTakeASecondRole() {
        ModelLineup lineup = apply(ModelLineup.CONFIGURED, d(B, ModelRole.ACTIVE, null));

        assertThat(lineup.apply(d(B, ModelRole.CANARY, 1.0), A).refusal())
                .contains("is the active model");
        assertThat(lineup.apply(d(B, ModelRole.SHADOW, null), A).refusal())
                .contains("is the active model");
        assertThat(ModelLineup.CONFIGURED.apply(d(A, ModelRole.SHADOW, null), A).refused())
                .as("the configured model, known by its SHA-256")
                .isTrue();
        ModelLineup.Change refused = lineup.apply(d(B, ModelRole.CANARY, 1.0), A);
        assertThat(refused.lineup()).isSameAs(lineup);
    }

    @Test
    void withoutDropsAModelThatCannotBeRestored() {
        ModelDescriptor canary = d(B, ModelRole.CANARY, 10.0);
        ModelLineup lineup = apply(ModelLineup.CONFIGURED, canary);

        assertThat(lineup.without(canary)).isEqualTo(ModelLineup.CONFIGURED);
        assertThat(lineup.descriptors()).containsExactly(canary);
    }

    private static ModelLineup apply(ModelLineup lineup, ModelDescriptor d) {
        ModelLineup.Change change = lineup.apply(d, A);
        assertThat(change.refusal()).isNull();
        return change.lineup();
    }

    private static ModelDescriptor d(String sha, ModelRole role, Double percent) {
        return ModelDescriptors.create(
                "m-" + sha.charAt(0), "/models/" + sha.charAt(0), sha, role, percent, "test");
    }
}
