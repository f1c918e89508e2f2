package io.frameflow.operators.decode;

/**
 * Reads the orientation tag (0x0112): in a JPEG, walks the marker segments up to the start of scan,
 * finds the APP1 "Exif" segment and looks the tag up in its IFD0; in a TIFF, looks it up in IFD0 of
 * the file itself. Anything malformed reads as 1 (no transform); orientation is a hint, never a
 * reason to reject an image.
 */
public final class ExifOrientation {

    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {}

    /** The orientation, 1 to 8; 1 when absent or unreadable. */
    public static int of(byte[] jpeg) {
        try {
            int pos = 2;
            while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
                int marker = jpeg[pos + 1] & 0xff;
                if (marker == 0xda || marker == 0xd9) {
                    return 1; // start of scan / end of image: no EXIF before the pixels
                }
                int length = u16(jpeg, pos + 2, false);
                if (marker == 0xe1 && isExif(jpeg, pos + 4)) {
                    return orientationInTiff(jpeg, pos + 10);
                }
                pos += 2 + length;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            // Truncated EXIF: ignore it.
        }
        return 1;
    }

    /** The orientation of a TIFF file, 1 to 8; 1 when absent or unreadable. */
    public static int ofTiff(byte[] tiff) {
        try {
            return orientationInTiff(tiff, 0);
        } catch (ArrayIndexOutOfBoundsException e) {
            return 1; // IFD0 past the end: the decoder reports the damage, not this hint
        }
    }

    private static boolean isExif(byte[] b, int at) {
        return at + 6 <= b.length
                && b[at] == 'E'
                && b[at + 1] == 'x'
                && b[at + 2] == 'i'
                && b[at + 3] == 'f'
                && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    private static int orientationInTiff(byte[] b, int tiff) {
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
            return 1;
        }
        int ifd = tiff + (int) u32(b, tiff + 4, little);
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (u16(b, entry, little) == TAG_ORIENTATION) {
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return hi << 16 | lo;
    }
}
