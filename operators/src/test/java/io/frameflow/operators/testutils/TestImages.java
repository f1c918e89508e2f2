package io.frameflow.operators.testutils;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
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
        return encodeWith(
                "gif",
                (writer, out) -> {
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
                });
    }

    /** A JPEG with an EXIF APP1 segment carrying the given orientation, inserted after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(6 + 8 + 2 + 12 + 4);
        exif.put(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        exif.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}); // big-endian TIFF, IFD0 at 8
        exif.putShort((short) 1); // one entry
        exif.putShort((short) 0x0112).putShort((short) 3).putInt(1); // orientation, SHORT, 1
        exif.putShort((short) orientation).putShort((short) 0);
        exif.putInt(0); // no next IFD
        return withSegment(jpeg, 0xe1, exif.array());
    }

    /** A JPEG with one more marker segment (e.g. 0xe1 for APP1) right after its SOI marker. */
    public static byte[] withSegment(byte[] jpeg, int marker, byte[] content) {
        ByteBuffer segment = ByteBuffer.allocate(4 + content.length);
        segment.put((byte) 0xff).put((byte) marker).putShort((short) (content.length + 2));
        segment.put(content);
        byte[] result = new byte[jpeg.length + segment.capacity()];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment.array(), 0, result, 2, segment.capacity());
        System.arraycopy(jpeg, 2, result, 2 + segment.capacity(), jpeg.length - 2);
        return result;
    }

    /**
     * The content of an APP2 ICC_PROFILE segment: the signature, chunk {@code sequence} of {@code
     * count}, then the profile bytes.
     */
    public static byte[] iccChunk(int sequence, int count, byte[] profile) {
        byte[] signature = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(signature.length + 2 + profile.length);
        chunk.put(signature).put((byte) sequence).put((byte) count).put(profile);
        return chunk.array();
    }

    /** Bytes that start with an ASCII signature (such as "Exif\0\0"), then seeded noise. */
    public static byte[] signedNoise(String signature, int length, long seed) {
        byte[] head = signature.getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[head.length + length];
        new Random(seed).nextBytes(bytes);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    /** A progressive JPEG (several scans). */
    public static byte[] progressiveJpeg(BufferedImage image) {
        return write(
                image, "jpeg", param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    /** An Adam7-interlaced PNG. */
    public static byte[] interlacedPng(BufferedImage image) {
        return write(image, "png", param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    /**
     * A TIFF with the given compression ("LZW", "Deflate", "PackBits", "JPEG", ...; null: none).
     */
    public static byte[] tiff(BufferedImage image, String compression) {
        return write(
                image,
                "tiff",
                param -> {
                    if (compression != null) {
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionType(compression);
                    }
                });
    }

    /** An LZW TIFF stored in 16×16 tiles instead of strips. */
    public static byte[] tiledTiff(BufferedImage image) {
        return write(
                image,
                "tiff",
                param -> {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionType("LZW");
                    param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setTiling(16, 16, 0, 0);
                });
    }

    /** A little-endian ("II") TIFF; the JDK writes big-endian ones unless the stream says not. */
    public static byte[] littleEndianTiff(BufferedImage image) {
        return encodeWith(
                "tiff",
                (writer, out) -> {
                    out.setByteOrder(ByteOrder.LITTLE_ENDIAN);
                    writer.write(image);
                });
    }

    /** A TIFF of several pages, the first one {@code first}, the others {@code rest}. */
    public static byte[] multiPageTiff(BufferedImage first, BufferedImage rest, int pages) {
        return encodeWith(
                "tiff",
                (writer, out) -> {
                    writer.prepareWriteSequence(null);
                    for (int i = 0; i < pages; i++) {
                        writer.writeToSequence(
                                new IIOImage(i == 0 ? first : rest, null, null), null);
                    }
                    writer.endWriteSequence();
                });
    }

    /** A TIFF whose IFD0 carries the orientation tag (0x0112) with the given value. */
    public static byte[] tiffWithOrientation(BufferedImage image, int orientation) {
        return encodeWith(
                "tiff",
                (writer, out) -> {
                    ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(image);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    TIFFDirectory directory =
                            TIFFDirectory.createFromMetadata(
                                    writer.getDefaultImageMetadata(type, param));
                    directory.addTIFFField(
                            new TIFFField(
                                    BaselineTIFFTagSet.getInstance()
                                            .getTag(BaselineTIFFTagSet.TAG_ORIENTATION),
                                    orientation));
                    writer.write(null, new IIOImage(image, null, directory.getAsMetadata()), param);
                });
    }

    /** A valid 1×1 TIFF whose IFD0 claims width × height (a decompression bomb's header). */
    public static byte[] tiffDeclaring(int width, int height) {
        byte[] tiff = tiff(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), null);
        ByteBuffer buffer = ByteBuffer.wrap(tiff); // the JDK writes big-endian ("MM")
        int ifd = buffer.getInt(4);
        int entries = buffer.getShort(ifd) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            int tag = buffer.getShort(entry) & 0xffff;
            if (tag == BaselineTIFFTagSet.TAG_IMAGE_WIDTH
                    || tag == BaselineTIFFTagSet.TAG_IMAGE_LENGTH) {
                buffer.putShort(entry + 2, (short) TIFFTag.TIFF_LONG).putInt(entry + 4, 1);
                buffer.putInt(
                        entry + 8, tag == BaselineTIFFTagSet.TAG_IMAGE_WIDTH ? width : height);
            }
        }
        return tiff;
    }

    /** Encodes with the first ImageIO writer of a format and the write parameters set by a hook. */
    private static byte[] write(
            BufferedImage image, String format, Consumer<ImageWriteParam> settings) {
        return encodeWith(
                format,
                (writer, out) -> {
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    settings.accept(param);
                    writer.write(null, new IIOImage(image, null, null), param);
                });
    }

    /** What to do with an ImageIO writer whose output is set. */
    private interface WriterUse {
        void write(ImageWriter writer, ImageOutputStream out) throws IOException;
    }

    /** The bytes the first ImageIO writer of a format writes, in memory. */
    private static byte[] encodeWith(String format, WriterUse use) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            use.write(writer, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
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

    /** A JPEG whose first DHT segment's code counts add up to over 256. */
    public static byte[] corruptHuffman(byte[] jpeg) {
        byte[] out = jpeg.clone();
        for (int i = 2; i < out.length - 20; i++) {
            if ((out[i] & 0xff) == 0xff && (out[i + 1] & 0xff) == 0xc4) {
                for (int k = 0; k < 16; k++) {
                    out[i + 5 + k] = (byte) 0xff;
                }
                return out;
            }
        }
        throw new IllegalStateException("no DHT segment");
    }

    /** The first {@code fraction} of the bytes. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }
}
