package io.frameflow.sql.testutils;

import io.frameflow.zoo.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Fashion-MNIST test images as PNG bytes, and other encoded images, for the SQL tests. */
public final class FashionMnistPngs {

    private static final FashionMnist TEST_SET = FashionMnist.testSet();

    private FashionMnistPngs() {}

    /** Test image {@code i} as a PNG. */
    public static byte[] png(int i) {
        return encode(TEST_SET.image(i));
    }

    /** The class name of test image {@code i}. */
    public static String label(int i) {
        return FashionMnist.CLASS_NAMES.get(TEST_SET.label(i));
    }

    /** A size × size PNG of random noise: many kilobytes, since noise does not compress. */
    public static byte[] noise(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
