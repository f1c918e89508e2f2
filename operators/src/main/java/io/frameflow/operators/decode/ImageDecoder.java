package io.frameflow.operators.decode;

import io.frameflow.event.Stage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP, WebP and TIFF (first page) safely: the byte limit
 * first, the format from the magic number, the pixel limit from the header before any pixel is
 * allocated, then the pixels; a reader warning (such as a truncated JPEG, which ImageIO would
 * otherwise fill with gray) rejects the image. A JPEG whose metadata segments (EXIF, ICC profile,
 * other APPn) trip the reader is decoded again without them, since damaged metadata is not a
 * damaged image. JPEGs and TIFFs are turned upright by their orientation tag. CMYK and YCCK JPEGs
 * decode through TwelveMonkeys' reader, which ImageIO prefers once it is on the classpath.
 */
public final class ImageDecoder {

    static {
        // Decode in memory; never spill an untrusted stream to a temp file.
        ImageIO.setUseCache(false);
    }

    private static final List<String> DAMAGE_SIGNS =
            List.of("premature", "corrupt", "truncat", "unexpected end", "invalid", "bad ");

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    public ImageLimits limits() {
        return limits;
    }

    /** The decoded, upright image, or a rejection that says why and at which stage. */
    public BufferedImage decode(byte[] bytes) throws RejectedImageException {
        if (bytes == null || bytes.length == 0) {
            throw new RejectedImageException(Stage.VALIDATE, "empty image payload");
        }
        checkByteLimit(bytes.length);
        ImageFormat format =
                ImageFormat.sniff(bytes)
                        .orElseThrow(
                                () ->
                                        new RejectedImageException(
                                                Stage.DECODE, ImageFormat.describeUnknown(bytes)));
        BufferedImage image;
        try {
            image = read(format, bytes);
        } catch (RejectedImageException e) {
            image = readWithoutMetadata(format, bytes, e);
        }
        return switch (format) {
            case JPEG -> Orientation.apply(image, ExifOrientation.of(bytes));
            case TIFF -> Orientation.apply(image, ExifOrientation.ofTiff(bytes));
            default -> image;
        };
    }

    /**
     * A JPEG that failed to decode is read again without its metadata segments: damaged EXIF, ICC
     * or other APPn data is not a damaged image. If it fails again, the first reason stands.
     */
    private BufferedImage readWithoutMetadata(
            ImageFormat format, byte[] bytes, RejectedImageException failure)
            throws RejectedImageException {
        if (format != ImageFormat.JPEG || failure.stage() != Stage.DECODE) {
            throw failure;
        }
        byte[] bare = JpegMetadata.strip(bytes).orElseThrow(() -> failure);
        try {
            return read(format, bare);
        } catch (RejectedImageException again) {
            failure.addSuppressed(again);
            throw failure;
        }
    }

    private BufferedImage read(ImageFormat format, byte[] bytes) throws RejectedImageException {
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(collectInto(warnings));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkPixelLimit(format, width, height);
            BufferedImage image = reader.read(0);
            warnings.removeIf(warning -> !isDataDamage(warning));
            if (!warnings.isEmpty()) {
                throw new RejectedImageException(
                        Stage.DECODE,
                        String.format(
                                "corrupt or truncated %s: %s",
                                format, String.join("; ", warnings)));
            }
            return image;
        } catch (RejectedImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Corrupt data makes readers throw anything from IIOException to
            // ArrayIndexOutOfBounds; all of them mean the same thing for this image.
            throw new RejectedImageException(
                    Stage.DECODE,
                    String.format(
                            "corrupt or truncated %s: %s",
                            format, e.getMessage() != null ? e.getMessage() : e.toString()),
                    e);
        } finally {
            reader.dispose();
        }
    }

    /** Rejects an image whose size in bytes is over the limit. */
    public void checkByteLimit(long length) throws RejectedImageException {
        if (length > limits.maxBytes()) {
            throw new RejectedImageException(
                    Stage.VALIDATE,
                    String.format(
                            Locale.ROOT,
                            "image is %,d bytes, over the limit of %,d (max image bytes)",
                            length,
                            limits.maxBytes()));
        }
    }

    private void checkPixelLimit(ImageFormat format, int width, int height)
            throws RejectedImageException {
        if (width < 1 || height < 1) {
            throw new RejectedImageException(
                    Stage.VALIDATE,
                    String.format(
                            "%s header declares an empty image (%dx%d)", format, width, height));
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new RejectedImageException(
                    Stage.VALIDATE,
                    String.format(
                            Locale.ROOT,
                            "%s header declares %dx%d = %,d pixels, over the limit of %,d (max"
                                    + " image pixels; a decompression bomb guard)",
                            format,
                            width,
                            height,
                            pixels,
                            limits.maxPixels()));
        }
    }

    /**
     * Whether a reader warning means the data is damaged (ImageIO decodes a truncated JPEG with a
     * warning and gray pixels), rather than a harmless note such as a missing ICC profile.
     */
    static boolean isDataDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        for (String sign : DAMAGE_SIGNS) {
            if (w.contains(sign)) {
                return true;
            }
        }
        return false;
    }

    private static ImageReader readerFor(ImageFormat format) throws RejectedImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new RejectedImageException(
                    Stage.DECODE, "no " + format + " decoder on the classpath");
        }
        return readers.next();
    }

    private static IIOReadWarningListener collectInto(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }
}
