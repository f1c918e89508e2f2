package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pixels a model takes, from every kind of image Java 2D decodes. */
class ImagePixelsTest {

    private static final Preprocessing GRAY_RAW =
            new Preprocessing(2, 1, 0, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});
    private static final Preprocessing RGB_RAW =
            new Preprocessing(2, 1, 0, ColorMode.RGB, new float[] {0}, new float[] {1});

    @Test
    void eightBitGrayIsReadFromTheRasterWithoutGammaShift() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(1, 0, 0, 255);

        assertThat(ImagePixels.of(gray, GRAY_RAW)).containsExactly(100, (byte) 255);
    }

    @Test
    void sixteenBitGrayIsScaledBy65535() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 65535);
        gray.getRaster().setSample(1, 0, 0, 32768);

        byte[] pixels = ImagePixels.of(gray, GRAY_RAW);

        assertThat(pixels[0] & 0xff).isEqualTo(255);
        assertThat(pixels[1] & 0xff).isEqualTo(128);
    }

    @Test
    void rgbBecomesLuminanceForGrayscaleModels() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);

        byte[] pixels = ImagePixels.of(rgb, GRAY_RAW);

        // PIL's convert("L"): 0.299 and 0.587 of 255, rounded.
        assertThat(pixels[0] & 0xff).isEqualTo(76);
        assertThat(pixels[1] & 0xff).isEqualTo(150);
    }

    @Test
    void grayIsReplicatedForRgbModelsAndChannelsAreInterleaved() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 51);

        assertThat(ImagePixels.of(gray, RGB_RAW)).containsExactly(51, 51, 51, 0, 0, 0);
    }

    @Test
    void bgrBytesAreReadInRgbOrder() {
        BufferedImage bgr = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(0, 0, 0x336699);

        assertThat(ImagePixels.of(bgr, RGB_RAW)).containsExactly(0x33, 0x66, (byte) 0x99, 0, 0, 0);
    }

    @Test
    void alphaIsCompositedOntoBlack() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80ffffff);
        argb.setRGB(1, 0, 0x00ffffff);

        byte[] pixels = ImagePixels.of(argb, RGB_RAW);

        assertThat(pixels[0] & 0xff).isEqualTo(128);
        assertThat(pixels[3]).isZero();
    }

    @Test
    void cmykGoesThroughItsColourModel() {
        ColorSpace cmyk = new NaiveCmyk();
        ComponentColorModel model =
                new ComponentColorModel(
                        cmyk, false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0, 0, 0, 0}); // no ink: white
        raster.setPixel(1, 0, new int[] {0, 255, 255, 0}); // magenta + yellow: red
        BufferedImage image = new BufferedImage(model, raster, false, null);

        byte[] pixels = ImagePixels.of(image, RGB_RAW);

        assertThat(pixels[0] & 0xff).as("white's red").isCloseTo(255, within(5));
        assertThat(pixels[3] & 0xff).as("red's red").isCloseTo(255, within(5));
        assertThat(pixels[4] & 0xff).as("red's green").isCloseTo(0, within(5));
    }

    @Test
    void resizeShorterSideThenCentreCrop() {
        // 16x4 image, white in its left quarter: resized to 8x2 the white is in columns 0-1,
        // and the centred 2x2 crop (columns 3-4) must not see it.
        BufferedImage image = new BufferedImage(16, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        Preprocessing cropped =
                new Preprocessing(2, 2, 2, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});
        Preprocessing squeezed =
                new Preprocessing(2, 2, 0, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});

        assertThat(ImagePixels.of(image, cropped)).containsOnly(0);
        // Resized straight to 2x2 instead, the triangle filter (8 source pixels either side of
        // output column 0's centre) weighs the four white columns 3.0 out of 7.0: 109.3 of 255.
        byte[] squeezedPixels = ImagePixels.of(image, squeezed);
        assertThat(squeezedPixels[0] & 0xff).isEqualTo(109);
        assertThat(squeezedPixels[1]).isZero();
    }

    @Test
    void downscalingAveragesInsteadOfAliasing() {
        // A 1-pixel checkerboard shrunk 4x must come out mid-gray, not black or white.
        BufferedImage board = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                board.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        Preprocessing p =
                new Preprocessing(4, 4, 0, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});

        for (byte value : ImagePixels.of(board, p)) {
            assertThat(value & 0xff).isCloseTo(128, within(26));
        }
    }

    @Test
    void theByteCopiesForGrayAndBgrEqualTheGeneralPath() {
        Random random = new Random(7);
        BufferedImage gray = new BufferedImage(9, 7, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage bgr = new BufferedImage(9, 7, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage grayAsRgb = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
        BufferedImage bgrAsRgb = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                int v = random.nextInt(256);
                gray.getRaster().setSample(x, y, 0, v);
                grayAsRgb.setRGB(x, y, v * 0x010101);
                int rgb = random.nextInt(1 << 24);
                bgr.setRGB(x, y, rgb);
                bgrAsRgb.setRGB(x, y, rgb);
            }
        }
        // A crop without resizing: 9x7 -> the centred 5x3 window.
        Preprocessing grayCrop =
                new Preprocessing(5, 3, 7, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});
        Preprocessing rgbCrop =
                new Preprocessing(5, 3, 7, ColorMode.RGB, new float[] {0}, new float[] {1});

        assertThat(ImagePixels.of(gray, grayCrop))
                .hasSize(15)
                .containsExactly(ImagePixels.of(grayAsRgb, grayCrop));
        assertThat(ImagePixels.of(bgr, rgbCrop))
                .hasSize(45)
                .containsExactly(ImagePixels.of(bgrAsRgb, rgbCrop));
    }

    /** A CMYK colour space without an ICC profile: RGB = (1 - C)(1 - K) and so on. */
    private static final class NaiveCmyk extends ColorSpace {
        private static final long serialVersionUID = 1L;
        private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);

        NaiveCmyk() {
            super(TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] v) {
            return new float[] {
                (1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]), (1 - v[2]) * (1 - v[3])
            };
        }

        @Override
        public float[] fromRGB(float[] rgb) {
            float k = 1 - Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
            float d = k < 1 ? 1 - k : 1;
            return new float[] {
                (1 - rgb[0] - k) / d, (1 - rgb[1] - k) / d, (1 - rgb[2] - k) / d, k
            };
        }

        @Override
        public float[] toCIEXYZ(float[] v) {
            return SRGB.toCIEXYZ(toRGB(v));
        }

        @Override
        public float[] fromCIEXYZ(float[] xyz) {
            return fromRGB(SRGB.fromCIEXYZ(xyz));
        }
    }
}
