package io.frameflow.operators.jmh;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** The frames the micro-benchmarks work on, made in memory. */
final class Frames {

    private Frames() {}

    /** {@code png-28x28-gray} (a Fashion-MNIST-sized frame) or {@code jpeg-640x480-rgb}. */
    static BufferedImage image(String kind) {
        Random random = new Random(7);
        boolean small = kind.startsWith("png-28x28");
        BufferedImage image =
                small
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
        ImageIO.write(image(kind), kind.startsWith("png") ? "png" : "jpg", out);
        return out.toByteArray();
    }
}
