package io.frameflow.operators.testutils;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encoded test images, made in memory: every format, colour model and kind of damage. */
public final class TestImages {

    private TestImages() {}

    /** A w×h RGB image, left half red, right half blue. */
    public static BufferedImage halves(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A GIF of several frames, each filled with one colour. */
    public static byte[] animatedGif(Color... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color color : frames) {
                BufferedImage frame = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(color);
                g.fillRect(0, 0, 4, 4);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A JPEG with an EXIF APP1 segment carrying the given orientation, inserted after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer app1 = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4);
        app1.put((byte) 0xff).put((byte) 0xe1).putShort((short) (app1.capacity() - 2));
        app1.put(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        app1.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}); // big-endian TIFF, IFD0 at 8
        app1.putShort((short) 1); // one entry
        app1.putShort((short) 0x0112).putShort((short) 3).putInt(1); // orientation, SHORT, 1
        app1.putShort((short) orientation).putShort((short) 0);
        app1.putInt(0); // no next IFD
        byte[] result = new byte[jpeg.length + app1.capacity()];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(app1.array(), 0, result, 2, app1.capacity());
        System.arraycopy(jpeg, 2, result, 2 + app1.capacity(), jpeg.length - 2);
        return result;
    }

    /** A valid 1×1 PNG whose IHDR claims width × height (a decompression bomb's header). */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
        ByteBuffer buffer = ByteBuffer.wrap(png);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
        buffer.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        buffer.putInt(12 + 4 + 13, (int) crc.getValue());
        return png;
    }

    /** The first {@code fraction} of the bytes. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }
}
