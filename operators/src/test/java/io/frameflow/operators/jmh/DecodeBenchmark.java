package io.frameflow.operators.jmh;

import io.frameflow.operators.decode.ImageDecoder;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.operators.decode.RejectedImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding one frame with Frameflow's decoder: a 28×28 gray PNG and a 640×480 JPEG. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DecodeBenchmark {

    @Param({"png-28x28-gray", "jpeg-640x480-rgb"})
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
