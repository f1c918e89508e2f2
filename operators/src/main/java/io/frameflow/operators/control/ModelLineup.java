package io.frameflow.operators.control;

import io.frameflow.event.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The models a classify subtask runs, as the descriptors that gave them their roles: the active
 * model (null: the one the job was configured with), and optionally a canary and a shadow. A model
 * (by SHA-256) holds at most one role. Immutable; {@link #apply} is the one place the rules of
 * roles live.
 *
 * @param active the descriptor of the active model; null while the configured model is active
 * @param canary the canary's descriptor (with its share of cameras), or null
 * @param shadow the shadow's descriptor, or null
 */
public record ModelLineup(ModelDescriptor active, ModelDescriptor canary, ModelDescriptor shadow) {

    /** The lineup of a job no descriptor has changed: the configured model alone. */
    public static final ModelLineup CONFIGURED = new ModelLineup(null, null, null);

    /**
     * What a descriptor does to a lineup.
     *
     * @param lineup the lineup after it (the same one when refused)
     * @param refusal why it is refused, or null
     */
    public record Change(ModelLineup lineup, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Applies a well-formed descriptor: {@code ACTIVE} makes the model active (promoting it from
     * canary or shadow, or rolling back to it), {@code CANARY} and {@code SHADOW} give it that role
     * (replacing the model that had it), {@code RETIRED} ends its canary or shadow role.
     *
     * @param d the descriptor
     * @param configuredSha256 SHA-256 of the configured model, which is active while {@link
     *     #active} is null
     */
    public Change apply(ModelDescriptor d, String configuredSha256) {
        String sha = d.getSha256();
        boolean isActive = sha.equals(active != null ? active.getSha256() : configuredSha256);
        ModelDescriptor keepCanary = holds(canary, sha) ? null : canary;
        ModelDescriptor keepShadow = holds(shadow, sha) ? null : shadow;
        return switch (d.getRole()) {
            case ACTIVE -> accept(new ModelLineup(d, keepCanary, keepShadow));
            case CANARY ->
                    isActive
                            ? refuse(d, "is the active model; a canary must be another model")
                            : accept(new ModelLineup(active, d, keepShadow));
            case SHADOW ->
                    isActive
                            ? refuse(d, "is the active model; a shadow must be another model")
                            : accept(new ModelLineup(active, keepCanary, d));
            case RETIRED -> {
                if (isActive) {
                    yield refuse(
                            d,
                            "is the active model and cannot be retired; publish another model as"
                                    + " active instead");
                }
                if (!holds(canary, sha) && !holds(shadow, sha)) {
                    yield refuse(d, "is neither the canary nor the shadow here");
                }
                yield accept(new ModelLineup(active, keepCanary, keepShadow));
            }
        };
    }

    /** The descriptors of the models in force, active first; without the configured model. */
    public List<ModelDescriptor> descriptors() {
        List<ModelDescriptor> all = new ArrayList<>(3);
        for (ModelDescriptor d : new ModelDescriptor[] {active, canary, shadow}) {
            if (d != null) {
                all.add(d);
            }
        }
        return all;
    }

    /** This lineup without one model (by SHA-256): what is left when it cannot be restored. */
    public ModelLineup without(ModelDescriptor d) {
        return new ModelLineup(
                Objects.equals(active, d) ? null : active,
                Objects.equals(canary, d) ? null : canary,
                Objects.equals(shadow, d) ? null : shadow);
    }

    private static boolean holds(ModelDescriptor role, String sha256) {
        return role != null && role.getSha256().equals(sha256);
    }

    private static Change accept(ModelLineup lineup) {
        return new Change(lineup, null);
    }

    private Change refuse(ModelDescriptor d, String why) {
        return new Change(this, d.getModelId() + "@" + d.getVersion() + " " + why);
    }
}
