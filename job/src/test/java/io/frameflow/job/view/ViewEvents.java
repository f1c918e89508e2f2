package io.frameflow.job.view;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.Prediction;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import io.frameflow.event.Timings;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;

/** Events as the job writes them, for the view's tests. */
final class ViewEvents {

    /** A label no page may ever turn into markup. */
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private ViewEvents() {}

    static ImageEvent frame(String id, String camera, byte[] image) {
        return ImageEvent.newBuilder()
                .setId(id)
                .setSourceId(camera)
                .setEventTime(System.currentTimeMillis())
                .setPayload(image == null ? null : ByteBuffer.wrap(image))
                .setAttributes(new HashMap<>())
                .build();
    }

    static Prediction prediction(String id, String camera, String label, String truth) {
        long now = System.currentTimeMillis();
        return Prediction.newBuilder()
                .setEventId(id)
                .setSourceId(camera)
                .setEventTime(now - 20)
                .setTopK(List.of(new LabelProbability(label, 0.875f)))
                .setModelId("test-model")
                .setModelVersion("0123456789ab")
                .setGroundTruth(truth)
                .setTimings(new Timings(1L, 2L, 3L, 4, 20L))
                .setEmitTime(now)
                .setAttributes(new HashMap<>())
                .build();
    }

    static DeadLetter deadLetter(String id, String camera, Stage stage, String reason) {
        return DeadLetter.newBuilder()
                .setEventId(id)
                .setSourceId(camera)
                .setCoordinates(new SourceCoordinates("frames", 0, 7L, null))
                .setStage(stage)
                .setErrorClass("io.frameflow.operators.decode.RejectedImageException")
                .setErrorMessage(reason)
                .setTime(System.currentTimeMillis())
                .build();
    }
}
