package io.frameflow.operators.control;

import io.frameflow.event.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The model control of a classify subtask as Flink broadcast state: the lineup in force and the
 * descriptors received but not applied yet (their models were loading when the checkpoint was
 * taken; the control source's offsets are past them, so they must come back from here). Every
 * subtask holds the same state; after a restore, at any parallelism, each one starts with the
 * models it ran before.
 *
 * <p>Stored as descriptor per key: {@code active}, {@code canary}, {@code shadow}, and {@code
 * pending/<sequence>} in arrival order; the values are Avro, so the state follows the schema's
 * evolution.
 */
public final class ModelControlState {

    /** The broadcast state's descriptor; its name is part of savepoint compatibility. */
    public static final MapStateDescriptor<String, ModelDescriptor> DESCRIPTOR =
            new MapStateDescriptor<>(
                    "frameflow-model-control",
                    Types.STRING,
                    new AvroTypeInfo<>(ModelDescriptor.class));

    private static final String ACTIVE = "active";
    private static final String CANARY = "canary";
    private static final String SHADOW = "shadow";
    private static final String PENDING = "pending/";

    /**
     * What a subtask restores.
     *
     * @param lineup the models in force
     * @param pending descriptors received and not applied yet, in arrival order
     */
    public record Snapshot(ModelLineup lineup, List<ModelDescriptor> pending) {}

    private ModelControlState() {}

    public static Snapshot read(BroadcastState<String, ModelDescriptor> state) throws Exception {
        Map<String, ModelDescriptor> pending = new TreeMap<>();
        for (Map.Entry<String, ModelDescriptor> e : state.entries()) {
            if (e.getKey().startsWith(PENDING)) {
                pending.put(e.getKey(), e.getValue());
            }
        }
        return new Snapshot(
                new ModelLineup(state.get(ACTIVE), state.get(CANARY), state.get(SHADOW)),
                new ArrayList<>(pending.values()));
    }

    public static void write(
            BroadcastState<String, ModelDescriptor> state,
            ModelLineup lineup,
            List<ModelDescriptor> pending)
            throws Exception {
        state.clear();
        put(state, ACTIVE, lineup.active());
        put(state, CANARY, lineup.canary());
        put(state, SHADOW, lineup.shadow());
        for (int i = 0; i < pending.size(); i++) {
            // Zero-padded, so that the keys sort in arrival order.
            state.put(String.format("%s%010d", PENDING, i), pending.get(i));
        }
    }

    private static void put(
            BroadcastState<String, ModelDescriptor> state, String key, ModelDescriptor d)
            throws Exception {
        if (d != null) {
            state.put(key, d);
        }
    }
}
