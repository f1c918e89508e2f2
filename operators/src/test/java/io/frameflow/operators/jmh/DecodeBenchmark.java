package io.frameflow.operators.jmh;

import io.frameflow.operators.decode.ImageDecoder;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.operators.decode.RejectedImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Decoding one frame with Frameflow's decoder: a 28×28 gray PNG and a 640×480 JPEG. */
public class DecodeBenchmark extends MicroBenchmark {

    @Param({Frames.SMALL, Frames.LARGE})
    public String frame;

    private byte[] bytes;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

    @Setup
    public void encode() throws IOException {
        bytes = Frames.encoded(frame);
    }

    @Benchmark
    public BufferedImage decode() throws RejectedImageException {
        return decoder.decode(bytes);
    }
}
