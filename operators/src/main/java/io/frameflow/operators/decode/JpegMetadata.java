package io.frameflow.operators.decode;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Removes the metadata segments of a JPEG (EXIF, XMP, ICC profile, Photoshop and the other APPn
 * segments, comments), keeping every segment the pixels need. Cameras and editors write damaged
 * metadata often; a reader that trips over it has not found a damaged image, and the same bytes
 * without those segments decode to the same pixels (in the default colour space when the ICC
 * profile was the damaged part).
 */
final class JpegMetadata {

    private static final int SOI = 0xd8;
    private static final int SOS = 0xda;
    private static final int EOI = 0xd9;
    private static final int TEM = 0x01;
    private static final int APP0 = 0xe0; // JFIF: tells YCbCr from RGB; kept
    private static final int APP14 = 0xee; // Adobe: tells YCbCr from RGB and YCCK from CMYK; kept
    private static final int COM = 0xfe;

    private JpegMetadata() {}

    /**
     * The JPEG without its metadata segments; empty when it has none, or when its segment structure
     * before the first scan is itself broken (then the image is damaged, not its metadata).
     */
    static Optional<byte[]> strip(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != SOI) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, 0, 2);
        boolean removed = false;
        int pos = 2;
        while (pos + 1 < jpeg.length) {
            if ((jpeg[pos] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte
                continue;
            }
            if (marker == SOS || marker == EOI) {
                out.write(jpeg, pos, jpeg.length - pos); // the scans: copied untouched
                return removed ? Optional.of(out.toByteArray()) : Optional.empty();
            }
            if (marker == TEM || (marker >= 0xd0 && marker <= 0xd7)) {
                out.write(jpeg, pos, 2); // markers without a length
                pos += 2;
                continue;
            }
            if (pos + 4 > jpeg.length) {
                return Optional.empty();
            }
            int end = pos + 2 + ((jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff));
            if (end < pos + 4 || end > jpeg.length) {
                return Optional.empty();
            }
            if (isMetadata(marker)) {
                removed = true;
            } else {
                out.write(jpeg, pos, end - pos);
            }
            pos = end;
        }
        return Optional.empty(); // no scan at all
    }

    private static boolean isMetadata(int marker) {
        return marker == COM || (marker > APP0 && marker <= 0xef && marker != APP14);
    }
}
