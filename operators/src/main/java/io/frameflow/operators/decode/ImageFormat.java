package io.frameflow.operators.decode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The image formats Frameflow decodes, recognised by their first bytes, never by a name. */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp"),
    /** Classic TIFF, either byte order (the JDK's reader); BigTIFF is not supported. */
    TIFF("tiff");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name {@code javax.imageio} registers readers under. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The format of encoded bytes, from their magic number. */
    public static Optional<ImageFormat> sniff(byte[] b) {
        if (startsWith(b, 0xff, 0xd8, 0xff)) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        if (startsWith(b, 'B', 'M') && b.length >= 26) {
            return Optional.of(BMP);
        }
        if (b.length >= 12
                && startsWith(b, 'R', 'I', 'F', 'F')
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return Optional.of(WEBP);
        }
        if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        return Optional.empty();
    }

    /** Describes bytes that are not a supported image, for the dead letter's message. */
    public static String describeUnknown(byte[] b) {
        String head =
                new String(b, 0, Math.min(b.length, 256), StandardCharsets.ISO_8859_1)
                        .stripLeading()
                        .toLowerCase(java.util.Locale.ROOT);
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG (vector) images are not supported; rasterise them first";
        }
        if (startsWith(b, 'I', 'I', 43, 0) || startsWith(b, 'M', 'M', 0, 43)) {
            return "BigTIFF is not supported; save the image as a classic TIFF (under 4 GB)";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            hex.append(String.format("%02x ", b[i] & 0xff));
        }
        return "not a supported image format (JPEG, PNG, GIF, BMP, WebP, TIFF); first bytes: "
                + hex.toString().strip();
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
