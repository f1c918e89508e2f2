package io.frameflow.operators.testutils;

import io.frameflow.event.Stage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images a camera, a scanner or an archive really produces, valid but odd (TIFF in its variants,
 * progressive and interlaced files, JPEGs with damaged metadata) or invalid, each with the outcome
 * decoding must have under the default limits. Generated in memory; the decoder's unit test and the
 * end-to-end hostile-input test both run it.
 */
public final class ImageCorpus {

    /** What decoding an image must give. */
    public sealed interface Outcome permits Decodes, Rejected {}

    /**
     * Decodes to an image of this size; with {@code layout} other than ANY, the colours of {@link
     * TestImages#halves} where they should be once upright.
     */
    public record Decodes(int width, int height, Layout layout) implements Outcome {}

    /** Rejected at this stage with a message containing {@code reason}. */
    public record Rejected(Stage stage, String reason) implements Outcome {}

    /** Where the red and blue halves of {@link TestImages#halves} end up. */
    public enum Layout {
        RED_LEFT_BLUE_RIGHT,
        RED_TOP_BLUE_BOTTOM,
        ANY
    }

    /** One image and its outcome. */
    public record Case(String name, byte[] bytes, Outcome expected) {

        /** The dead-letter stage it must end in, or null when it must be classified. */
        public Stage deadLetterStage() {
            return expected instanceof Rejected r ? r.stage() : null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final int W = 64;
    private static final int H = 48;

    private ImageCorpus() {}

    /** Every case: the valid-but-odd ones first, then the invalid ones. */
    public static List<Case> all() {
        List<Case> all = new ArrayList<>(validButOdd());
        all.addAll(invalid());
        return all;
    }

    /** Images that must decode. */
    public static List<Case> validButOdd() {
        BufferedImage halves = TestImages.halves(W, H);
        byte[] jpeg = TestImages.encode(halves, "jpg");
        byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        Decodes asHalves = new Decodes(W, H, Layout.RED_LEFT_BLUE_RIGHT);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("TIFF, uncompressed", TestImages.tiff(halves, null), asHalves));
        for (String compression : List.of("LZW", "Deflate", "PackBits", "JPEG")) {
            cases.add(
                    new Case(
                            "TIFF, " + compression + " compression",
                            TestImages.tiff(halves, compression),
                            asHalves));
        }
        cases.add(new Case("TIFF, tiled", TestImages.tiledTiff(halves), asHalves));
        cases.add(new Case("TIFF, little-endian", TestImages.littleEndianTiff(halves), asHalves));
        cases.add(
                new Case(
                        "TIFF, 3 pages (the first is classified)",
                        TestImages.multiPageTiff(halves, filled(W, H, Color.GREEN), 3),
                        asHalves));
        cases.add(
                new Case(
                        "TIFF, 16-bit grayscale",
                        TestImages.tiff(converted(halves, BufferedImage.TYPE_USHORT_GRAY), "LZW"),
                        new Decodes(W, H, Layout.ANY)));
        cases.add(
                new Case(
                        "TIFF, bilevel CCITT group 4 fax",
                        TestImages.tiff(
                                converted(halves, BufferedImage.TYPE_BYTE_BINARY), "CCITT T.6"),
                        new Decodes(W, H, Layout.ANY)));
        cases.add(
                new Case(
                        "TIFF, with an alpha channel",
                        TestImages.tiff(converted(halves, BufferedImage.TYPE_INT_ARGB), null),
                        asHalves));
        cases.add(
                new Case(
                        "TIFF, orientation 6 (turned upright)",
                        TestImages.tiffWithOrientation(TestImages.halves(W, H / 2), 6),
                        new Decodes(H / 2, W, Layout.RED_TOP_BLUE_BOTTOM)));
        cases.add(new Case("JPEG, progressive", TestImages.progressiveJpeg(halves), asHalves));
        cases.add(new Case("PNG, Adam7-interlaced", TestImages.interlacedPng(halves), asHalves));
        cases.add(
                new Case(
                        "JPEG, ICC profile of noise",
                        TestImages.withSegment(
                                jpeg,
                                0xe2,
                                TestImages.iccChunk(1, 1, TestImages.signedNoise("", 200, 1))),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, ICC profile truncated to a third",
                        TestImages.withSegment(
                                jpeg,
                                0xe2,
                                TestImages.iccChunk(1, 1, Arrays.copyOf(srgb, srgb.length / 3))),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, ICC profile chunk 1 of 3 only",
                        TestImages.withSegment(
                                jpeg,
                                0xe2,
                                TestImages.iccChunk(1, 3, Arrays.copyOf(srgb, srgb.length / 3))),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, ICC segment cut before its chunk numbers",
                        TestImages.withSegment(jpeg, 0xe2, bytes("ICC_PROFILE\0")),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, EXIF of noise",
                        TestImages.withSegment(
                                jpeg, 0xe1, TestImages.signedNoise("Exif\0\0", 300, 2)),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, EXIF whose IFD0 lies past the end",
                        TestImages.withSegment(
                                jpeg, 0xe1, bytes("Exif\0\0MM\0*\u007f\u00ff\u00ff\u00ff\0\u0001")),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, XMP of noise",
                        TestImages.withSegment(
                                jpeg,
                                0xe1,
                                TestImages.signedNoise("http://ns.adobe.com/xap/1.0/\0", 300, 3)),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, Photoshop APP13 of noise",
                        TestImages.withSegment(
                                jpeg, 0xed, TestImages.signedNoise("Photoshop 3.0\0", 300, 4)),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, unknown APP5 of noise",
                        TestImages.withSegment(jpeg, 0xe5, TestImages.signedNoise("", 300, 5)),
                        asHalves));
        cases.add(
                new Case(
                        "JPEG, comment of noise",
                        TestImages.withSegment(jpeg, 0xfe, TestImages.signedNoise("", 300, 6)),
                        asHalves));
        byte[] rotated = TestImages.encode(TestImages.halves(W, H / 2), "jpg");
        cases.add(
                new Case(
                        "JPEG, ICC profile of noise and EXIF orientation 6",
                        TestImages.withSegment(
                                TestImages.withExifOrientation(rotated, 6),
                                0xe2,
                                TestImages.iccChunk(1, 1, TestImages.signedNoise("", 200, 7))),
                        new Decodes(H / 2, W, Layout.RED_TOP_BLUE_BOTTOM)));
        return cases;
    }

    /** Images that must be rejected, each at its stage. */
    public static List<Case> invalid() {
        BufferedImage halves = TestImages.halves(W, H);
        byte[] jpeg = TestImages.encode(halves, "jpg");
        byte[] badIcc = TestImages.iccChunk(1, 1, TestImages.signedNoise("", 200, 8));
        List<Case> cases = new ArrayList<>();
        cases.add(
                new Case(
                        "TIFF, truncated",
                        TestImages.truncated(TestImages.tiff(halves, "LZW"), 0.6),
                        new Rejected(Stage.DECODE, "corrupt or truncated TIFF")));
        cases.add(
                new Case(
                        "TIFF, header only",
                        bytes("II*\0\u0008\0\0\0"),
                        new Rejected(Stage.DECODE, "corrupt or truncated TIFF")));
        cases.add(
                new Case(
                        "TIFF declaring 100000x100000 pixels",
                        TestImages.tiffDeclaring(100_000, 100_000),
                        new Rejected(Stage.VALIDATE, "TIFF header declares 100000x100000")));
        cases.add(
                new Case(
                        "BigTIFF",
                        bytes("II+\0\u0008\0\0\0\0\0\0\0\0\0\0\0"),
                        new Rejected(Stage.DECODE, "BigTIFF is not supported")));
        byte[] overrun = TestImages.withSegment(jpeg, 0xe1, TestImages.signedNoise("", 40, 9));
        ByteBuffer.wrap(overrun).putShort(4, (short) 0xfff0);
        cases.add(
                new Case(
                        "JPEG, APP1 length running past the end",
                        overrun,
                        new Rejected(Stage.DECODE, "corrupt or truncated JPEG")));
        cases.add(
                new Case(
                        "JPEG, ICC profile of noise and truncated scan data",
                        TestImages.truncated(TestImages.withSegment(jpeg, 0xe2, badIcc), 0.7),
                        new Rejected(Stage.DECODE, "corrupt or truncated JPEG")));
        cases.add(
                new Case(
                        "JPEG, EXIF of noise and a corrupt Huffman table",
                        TestImages.corruptHuffman(
                                TestImages.withSegment(
                                        jpeg, 0xe1, TestImages.signedNoise("Exif\0\0", 300, 10))),
                        new Rejected(Stage.DECODE, "corrupt or truncated JPEG")));
        return cases;
    }

    private static BufferedImage filled(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static BufferedImage converted(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
