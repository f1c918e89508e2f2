package io.frameflow.operators.classify;

import io.frameflow.operators.control.CanarySplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which model classifies which frame, fixed for a batch: frames whose camera a canary takes go to
 * the canary, the rest to the active model; a shadow, when there is one, classifies every frame
 * besides. Immutable: a swap replaces the routing between two batches, and a batch in flight keeps
 * the one it started with.
 *
 * @param active the active model
 * @param canary the canary, or null
 * @param canaryPercent the canary's share of cameras (0 without a canary)
 * @param shadow the shadow, or null
 */
record ModelRouting(
        LoadedModel active, LoadedModel canary, double canaryPercent, LoadedModel shadow) {

    /** The configured model alone. */
    static ModelRouting of(LoadedModel active) {
        return new ModelRouting(active, null, 0, null);
    }

    /** The model that classifies a camera's frames. */
    LoadedModel route(String sourceId) {
        return canary != null && CanarySplit.takes(sourceId, canaryPercent) ? canary : active;
    }

    /** Every model of the routing. */
    List<LoadedModel> models() {
        List<LoadedModel> all = new ArrayList<>(3);
        all.add(active);
        if (canary != null) {
            all.add(canary);
        }
        if (shadow != null) {
            all.add(shadow);
        }
        return all;
    }

    /** Whether a model is in this routing (the same instance). */
    boolean contains(LoadedModel model) {
        return model == active || model == canary || model == shadow;
    }
}
