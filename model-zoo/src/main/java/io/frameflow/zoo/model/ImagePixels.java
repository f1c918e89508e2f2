package io.frameflow.zoo.model;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;

/**
 * Turns any {@link BufferedImage} into the pixels a model takes: unsigned bytes, interleaved as
 * height × width × channels ("HWC", the layout of PIL and NumPy images), in the model's colour
 * mode, resized and centre-cropped as its {@link Preprocessing} says, but not normalised. The
 * scaling to [0, 1], the mean and standard deviation and the channel-major layout are applied on
 * the model's device ({@link InputNormalization}), so a frame crosses to a GPU as one byte per
 * sample instead of four floats.
 *
 * <p>Pixels are read from the raster, not through {@code getRGB}, wherever the layout allows: Java
 * 2D treats a {@code TYPE_BYTE_GRAY} image as linear gray and would gamma-shift its values on the
 * way to sRGB, which breaks parity with PyTorch. Alpha is composited onto black; 16-bit samples are
 * scaled by 65535; CMYK and indexed images go through their colour model. Resizing is PIL's
 * antialiased bilinear filter, rounded to bytes as PIL rounds, so a downscale does not alias.
 */
public final class ImagePixels {

    private ImagePixels() {}

    /** Bytes per image for a preprocessing: width × height × channels. */
    public static int length(Preprocessing p) {
        return p.width() * p.height() * p.channels();
    }

    /** The model-ready pixels, {@code height x width x channels}, one unsigned byte each. */
    public static byte[] of(BufferedImage image, Preprocessing preprocessing) {
        int w = image.getWidth();
        int h = image.getHeight();
        int targetW = preprocessing.width();
        int targetH = preprocessing.height();
        int scaledW = targetW;
        int scaledH = targetH;
        if (preprocessing.resize() > 0) {
            double scale = (double) preprocessing.resize() / Math.min(w, h);
            scaledW = Math.max(targetW, (int) Math.round(w * scale));
            scaledH = Math.max(targetH, (int) Math.round(h * scale));
        }
        int left = (int) Math.round((scaledW - targetW) / 2.0);
        int top = (int) Math.round((scaledH - targetH) / 2.0);
        boolean resized = scaledW != w || scaledH != h;
        byte[] out = new byte[length(preprocessing)];
        if (!resized
                && copyBytes(image, preprocessing.colorMode(), left, top, targetW, targetH, out)) {
            return out;
        }
        float[][] planes = readPlanes(image, preprocessing.colorMode());
        int planeW = w;
        if (resized) {
            // Resize only the centre crop; the planes become targetW x targetH.
            for (int c = 0; c < planes.length; c++) {
                planes[c] =
                        Resampler.resizeCrop(
                                planes[c], w, h, scaledW, scaledH, left, top, targetW, targetH);
            }
            planeW = targetW;
            left = 0;
            top = 0;
        }
        int channels = planes.length;
        for (int c = 0; c < channels; c++) {
            float[] plane = planes[c];
            for (int y = 0; y < targetH; y++) {
                int row = (y + top) * planeW + left;
                int o = y * targetW * channels + c;
                for (int x = 0; x < targetW; x++, o += channels) {
                    out[o] = toByte(plane[row + x]);
                }
            }
        }
        return out;
    }

    /** A value in [0, 1] as the nearest byte, clamped (resampling may overshoot slightly). */
    private static byte toByte(float value) {
        int v = (int) (value * 255f + 0.5f);
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * Copies the window straight from the raster's bytes when the image already is what the model
     * takes: 8-bit gray for a grayscale model, or the BGR bytes a JPEG decodes to for an RGB one.
     *
     * @return false when the image needs the general path
     */
    private static boolean copyBytes(
            BufferedImage image,
            ColorMode mode,
            int left,
            int top,
            int outW,
            int outH,
            byte[] out) {
        int type = image.getType();
        if (!(image.getRaster().getDataBuffer() instanceof DataBufferByte buffer)
                || buffer.getNumBanks() != 1
                || image.getRaster().getParent() != null) {
            return false;
        }
        int w = image.getWidth();
        byte[] data = buffer.getData();
        if (type == BufferedImage.TYPE_BYTE_GRAY
                && mode == ColorMode.GRAYSCALE
                && data.length == w * image.getHeight()) {
            for (int y = 0; y < outH; y++) {
                System.arraycopy(data, (y + top) * w + left, out, y * outW, outW);
            }
            return true;
        }
        if (type == BufferedImage.TYPE_3BYTE_BGR
                && mode == ColorMode.RGB
                && data.length == w * image.getHeight() * 3) {
            int o = 0;
            for (int y = 0; y < outH; y++) {
                int i = ((y + top) * w + left) * 3;
                for (int x = 0; x < outW; x++, i += 3) {
                    out[o++] = data[i + 2];
                    out[o++] = data[i + 1];
                    out[o++] = data[i];
                }
            }
            return true;
        }
        return false;
    }

    /** Reads the image into planes of values in [0, 1], one per channel of the colour mode. */
    static float[][] readPlanes(BufferedImage image, ColorMode mode) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel colorModel = image.getColorModel();
        boolean singleBand = raster.getNumBands() == 1 && !(colorModel.hasAlpha());
        if (singleBand
                && image.getType() != BufferedImage.TYPE_BYTE_INDEXED
                && image.getType() != BufferedImage.TYPE_BYTE_BINARY) {
            float[] gray = readSingleBand(raster, w, h);
            return mode == ColorMode.GRAYSCALE
                    ? new float[][] {gray}
                    : new float[][] {gray, gray, gray};
        }
        int[] argb = readArgb(image, w, h);
        int pixels = w * h;
        if (mode == ColorMode.GRAYSCALE) {
            float[] gray = new float[pixels];
            for (int i = 0; i < pixels; i++) {
                int p = argb[i];
                float alpha = ((p >>> 24) & 0xff) / 255f;
                float luma =
                        0.299f * ((p >> 16) & 0xff)
                                + 0.587f * ((p >> 8) & 0xff)
                                + 0.114f * (p & 0xff);
                gray[i] = luma / 255f * alpha;
            }
            return new float[][] {gray};
        }
        float[] r = new float[pixels];
        float[] g = new float[pixels];
        float[] b = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            int p = argb[i];
            float alpha = ((p >>> 24) & 0xff) / (255f * 255f);
            r[i] = ((p >> 16) & 0xff) * alpha;
            g[i] = ((p >> 8) & 0xff) * alpha;
            b[i] = (p & 0xff) * alpha;
        }
        return new float[][] {r, g, b};
    }

    private static float[] readSingleBand(Raster raster, int w, int h) {
        float[] plane = new float[w * h];
        if (raster.getDataBuffer() instanceof DataBufferByte
                && raster.getSampleModel().getSampleSize(0) == 8) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    plane[y * w + x] = row[x] / 255f;
                }
            }
            return plane;
        }
        float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        if (raster.getDataBuffer() instanceof DataBufferUShort) {
            max = 65535f;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                plane[y * w + x] = row[x] / max;
            }
        }
        return plane;
    }

    private static int[] readArgb(BufferedImage image, int w, int h) {
        int type = image.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt ints
                && ints.getSize() == w * h) {
            int[] data = ints.getData();
            if (type == BufferedImage.TYPE_INT_ARGB) {
                return data;
            }
            int[] opaque = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                opaque[i] = data[i] | 0xff000000;
            }
            return opaque;
        }
        if (type == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getSize() == w * h * 3) {
            byte[] data = bytes.getData();
            int[] argb = new int[w * h];
            for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
                argb[i] =
                        0xff000000
                                | (data[j + 2] & 0xff) << 16
                                | (data[j + 1] & 0xff) << 8
                                | (data[j] & 0xff);
            }
            return argb;
        }
        // Everything else (CMYK, indexed, 16-bit colour, custom) through its colour model.
        return image.getRGB(0, 0, w, h, null, 0, w);
    }
}
