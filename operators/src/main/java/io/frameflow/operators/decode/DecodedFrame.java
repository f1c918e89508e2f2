package io.frameflow.operators.decode;

import io.frameflow.event.ImageEvent;

/**
 * An event whose image is decoded and preprocessed: the model-ready tensor (channels × height ×
 * width, normalised) beside the original event, which keeps its bytes for a dead letter should
 * inference fail. A Flink POJO.
 */
public class DecodedFrame {

    /** The event as it arrived. */
    public ImageEvent event;

    /** The model input, channel-major. */
    public float[] tensor;

    /** Time spent fetching, decoding, validating and preprocessing, in microseconds. */
    public long decodeMicros;

    public DecodedFrame() {}

    public DecodedFrame(ImageEvent event, float[] tensor, long decodeMicros) {
        this.event = event;
        this.tensor = tensor;
        this.decodeMicros = decodeMicros;
    }
}
