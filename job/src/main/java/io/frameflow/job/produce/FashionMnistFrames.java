package io.frameflow.job.produce;

import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Fashion-MNIST images as PNG frames, labelled with their class name. */
public final class FashionMnistFrames implements FrameSource {

    private final FashionMnist data;
    private int next;

    public FashionMnistFrames(FashionMnist data) {
        this.data = data;
    }

    @Override
    public Optional<SourceFrame> next() throws IOException {
        if (next >= data.size()) {
            return Optional.empty();
        }
        int i = next++;
        ByteArrayOutputStream png = new ByteArrayOutputStream(1024);
        ImageIO.write(data.image(i), "png", png);
        return Optional.of(
                new SourceFrame(
                        png.toByteArray(),
                        "image/png",
                        FashionMnist.CLASS_NAMES.get(data.label(i)),
                        "fashion-mnist/" + i));
    }
}
