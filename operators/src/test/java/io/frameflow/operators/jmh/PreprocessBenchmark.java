package io.frameflow.operators.jmh;

import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.Preprocessing;
import java.awt.image.BufferedImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * From a decoded image to the model-ready pixels: the bundled model's 28×28×1 (no resize) and
 * ImageNet's 640×480 → resize 256 → crop 224×224×3.
 */
public class PreprocessBenchmark extends MicroBenchmark {

    @Param({Frames.SMALL, Frames.LARGE})
    public String frame;

    private BufferedImage image;
    private Preprocessing preprocessing;

    @Setup
    public void prepare() {
        image = Frames.image(frame);
        preprocessing = Frames.preprocessing(frame);
    }

    @Benchmark
    public byte[] toPixels() {
        return ImagePixels.of(image, preprocessing);
    }
}
