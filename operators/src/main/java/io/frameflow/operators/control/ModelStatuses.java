package io.frameflow.operators.control;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelInForce;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import java.io.Serializable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * The status events a classify subtask writes about its models: the side output they go to and how
 * they are made. {@code frameflow model status} reads them back from the status topic.
 */
public final class ModelStatuses {

    /** The side output of model status events. */
    public static final OutputTag<ModelStatus> TAG =
            new OutputTag<>("model-status", new AvroTypeInfo<>(ModelStatus.class));

    private ModelStatuses() {}

    /**
     * Which subtask of which job writes.
     *
     * @param jobId the Flink job id
     * @param jobName the Flink job name
     * @param subtask the classify subtask's index
     * @param parallelism the classify operator's parallelism
     */
    public record Origin(String jobId, String jobName, int subtask, int parallelism)
            implements Serializable {}

    /** A model in force by the descriptor that gave it its role. */
    public static ModelInForce inForce(ModelDescriptor d) {
        return ModelInForce.newBuilder()
                .setModelId(d.getModelId())
                .setVersion(d.getVersion())
                .setLocation(d.getLocation())
                .setDescriptorId(d.getId())
                .build();
    }

    /** The model a job was configured with. */
    public static ModelInForce configured(String modelId, String version, String location) {
        return ModelInForce.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setLocation(location)
                .setDescriptorId(null)
                .build();
    }

    /**
     * A status event with the lineup in force after it.
     *
     * @param origin who writes it
     * @param kind what happened
     * @param active the active model (the configured one when the lineup has none)
     * @param lineup the canary and shadow in force
     */
    public static ModelStatus.Builder event(
            Origin origin, ModelStatusKind kind, ModelInForce active, ModelLineup lineup) {
        ModelDescriptor canary = lineup.canary();
        return ModelStatus.newBuilder()
                .setTime(System.currentTimeMillis())
                .setJobId(origin.jobId())
                .setJobName(origin.jobName())
                .setSubtask(origin.subtask())
                .setParallelism(origin.parallelism())
                .setKind(kind)
                .setActive(active)
                .setCanary(canary == null ? null : inForce(canary))
                .setCanaryPercent(canary == null ? null : canary.getCanaryPercent())
                .setShadow(lineup.shadow() == null ? null : inForce(lineup.shadow()));
    }
}
