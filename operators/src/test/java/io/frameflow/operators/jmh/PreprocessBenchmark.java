package io.frameflow.operators.jmh;

import io.frameflow.zoo.model.ImageTensors;
import io.frameflow.zoo.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.Properties;
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

/**
 * From a decoded image to the model's input tensor: the bundled model's 28×28×1 (no resize) and
 * ImageNet's 640×480 → resize 256 → crop 224×224×3.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PreprocessBenchmark {

    @Param({"png-28x28-gray", "jpeg-640x480-rgb"})
    public String frame;

    private BufferedImage image;
    private Preprocessing preprocessing;

    @Setup
    public void prepare() {
        image = Frames.image(frame);
        if (frame.startsWith("png-28x28")) {
            Properties p = new Properties();
            p.setProperty("width", "28");
            p.setProperty("height", "28");
            p.setProperty("channels", "1");
            p.setProperty("mean", "0.286");
            p.setProperty("std", "0.353");
            preprocessing = Preprocessing.fromProperties(p);
        } else {
            preprocessing = Preprocessing.imageNet(224);
        }
    }

    @Benchmark
    public float[] toTensor() {
        return ImageTensors.toTensor(image, preprocessing);
    }
}
