package io.frameflow.operators.decode;

import io.frameflow.event.ImageEvent;

/**
 * An event whose image is decoded and preprocessed: the model-ready pixels (see {@link
 * io.frameflow.zoo.model.ImagePixels}: unsigned bytes, height × width × channels, resized and
 * cropped but not normalised, which the classifier does on the model's device) beside the original
 * event, which keeps its bytes for a dead letter should inference fail. A Flink POJO.
 */
public class DecodedFrame {

    /** The event as it arrived. */
    public ImageEvent event;

    /** The model input: height × width × channels unsigned bytes. */
    public byte[] pixels;

    /** Time spent fetching, decoding, validating and preprocessing, in microseconds. */
    public long decodeMicros;

    public DecodedFrame() {}

    public DecodedFrame(ImageEvent event, byte[] pixels, long decodeMicros) {
        this.event = event;
        this.pixels = pixels;
        this.decodeMicros = decodeMicros;
    }
}
