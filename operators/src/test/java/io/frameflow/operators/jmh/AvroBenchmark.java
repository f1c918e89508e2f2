package io.frameflow.operators.jmh;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.Prediction;
import io.frameflow.event.Timings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Avro single-object encoding of the events on the wire: an ImageEvent (per frame size) and a
 * Prediction (the same whatever the frame).
 */
public class AvroBenchmark extends MicroBenchmark {

    /** An ImageEvent carrying each benchmark frame, and its encoding. */
    @State(Scope.Thread)
    public static class Events {
        @Param({Frames.SMALL, Frames.LARGE})
        public String frame;

        ImageEvent event;
        ByteBuffer encoded;

        @Setup
        public void prepare() throws IOException {
            event =
                    ImageEvent.newBuilder()
                            .setId("camera-1-000042")
                            .setSourceId("camera-1")
                            .setEventTime(1_700_000_000_000L)
                            .setContentType("image/png")
                            .setPayload(ByteBuffer.wrap(Frames.encoded(frame)))
                            .setAttributes(Map.of("site", "north"))
                            .build();
            encoded = event.toByteBuffer();
        }
    }

    private Prediction prediction;
    private ByteBuffer encodedPrediction;

    @Setup
    public void prepare() throws IOException {
        prediction =
                Prediction.newBuilder()
                        .setEventId("camera-1-000042")
                        .setSourceId("camera-1")
                        .setEventTime(1_700_000_000_000L)
                        .setTopK(
                                List.of(
                                        new LabelProbability("Sneaker", 0.91f),
                                        new LabelProbability("Sandal", 0.05f),
                                        new LabelProbability("Ankle boot", 0.02f)))
                        .setModelId("fashion_mnist_mobilenet_v1")
                        .setModelVersion("df78f06d3b10")
                        .setTimings(new Timings(120L, 80L, 7000L, 16, 12L))
                        .setEmitTime(1_700_000_000_012L)
                        .build();
        encodedPrediction = prediction.toByteBuffer();
    }

    @Benchmark
    public ByteBuffer encodeImageEvent(Events events) throws IOException {
        return events.event.toByteBuffer();
    }

    @Benchmark
    public ImageEvent decodeImageEvent(Events events) throws IOException {
        return ImageEvent.fromByteBuffer(events.encoded.duplicate());
    }

    @Benchmark
    public ByteBuffer encodePrediction() throws IOException {
        return prediction.toByteBuffer();
    }

    @Benchmark
    public Prediction decodePrediction() throws IOException {
        return Prediction.fromByteBuffer(encodedPrediction.duplicate());
    }
}
