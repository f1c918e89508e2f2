package io.frameflow.operators.deadletter;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/** The dead-letter side output and the records that go to it. */
public final class DeadLetters {

    /** The side output every Frameflow operator sends its dead letters to. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>(
                    "dead-letters",
                    new org.apache.flink.formats.avro.typeutils.AvroTypeInfo<>(DeadLetter.class));

    /** Counter of dead letters, registered in a {@code stage} group (e.g. {@code stage=decode}). */
    public static final String METRIC = "deadLetters";

    /** The key of the metric group that holds the per-stage dead-letter counters. */
    public static final String STAGE_GROUP = "stage";

    private DeadLetters() {}

    /** The dead-letter counter of a stage, registered the same way by every operator. */
    public static Counter counter(MetricGroup group, Stage stage) {
        return group.addGroup(STAGE_GROUP, stage.name().toLowerCase(Locale.ROOT)).counter(METRIC);
    }

    /** A dead letter for an event that was deserialised but failed later. */
    public static DeadLetter of(ImageEvent event, Stage stage, String errorClass, String message) {
        return DeadLetter.newBuilder()
                .setEventId(event.getId())
                .setSourceId(event.getSourceId())
                .setCoordinates(SourceAttributes.of(event))
                .setStage(stage)
                .setErrorClass(errorClass)
                .setErrorMessage(message)
                .setPayload(event.getPayload())
                .setTime(System.currentTimeMillis())
                .build();
    }

    /** A dead letter for raw bytes that never became an event. */
    public static DeadLetter ofRecord(
            SourceCoordinates coordinates, byte[] payload, Stage stage, Throwable error) {
        return DeadLetter.newBuilder()
                .setCoordinates(coordinates)
                .setStage(stage)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(String.valueOf(error.getMessage()))
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setTime(System.currentTimeMillis())
                .build();
    }
}
