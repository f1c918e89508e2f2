package io.frameflow.operators.jmh;

import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.Preprocessing;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.Random;
import javax.imageio.ImageIO;

/** The two frames the micro-benchmarks work on, made in memory, and their models' inputs. */
public final class Frames {

    /** A Fashion-MNIST-sized frame, for the bundled model (28×28×1, no resize). */
    public static final String SMALL = "png-28x28-gray";

    /** A camera frame, for an ImageNet model (resize 256, crop 224×224×3). */
    public static final String LARGE = "jpeg-640x480-rgb";

    private Frames() {}

    static BufferedImage image(String kind) {
        Random random = new Random(7);
        BufferedImage image =
                kind.equals(SMALL)
                        ? new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY)
                        : new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(
                new GradientPaint(
                        0,
                        0,
                        new Color(random.nextInt()),
                        image.getWidth(),
                        image.getHeight(),
                        new Color(random.nextInt())));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.WHITE);
        g.fillOval(
                image.getWidth() / 4,
                image.getHeight() / 4,
                image.getWidth() / 2,
                image.getHeight() / 2);
        g.dispose();
        return image;
    }

    static byte[] encoded(String kind) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image(kind), kind.equals(SMALL) ? "png" : "jpg", out);
        return out.toByteArray();
    }

    /** The preprocessing of the model each frame is for: the bundled model's, or ImageNet's. */
    public static Preprocessing preprocessing(String kind) {
        if (!kind.equals(SMALL)) {
            return Preprocessing.imageNet(224);
        }
        Properties properties = new Properties();
        try (Reader reader =
                Files.newBufferedReader(
                        BundledModel.FLOAT.folder().resolve("serving.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Preprocessing.fromProperties(properties);
    }
}
