package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    private static final Preprocessing GRAY_RAW =
            new Preprocessing(2, 1, 0, ColorMode.GRAYSCALE, new float[] {0}, new float[] {1});
    private static final Preprocessing RGB_RAW =
            new Preprocessing(2, 1, 0, ColorMode.RGB, new float[] {0}, new float[] {1});

    @Test
    void eightBitGrayIsReadFromTheRasterWithoutGammaShift() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(1, 0, 0, 255);

        float[] tensor = ImageTensors.toTensor(gray, GRAY_RAW);

        assertThat(tensor).containsExactly(100 / 255f, 1f);
    }

    @Test
    void sixteenBitGrayIsScaledBy65535() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 65535);
        gray.getRaster().setSample(1, 0, 0, 32768);

        float[] tensor = ImageTensors.toTensor(gray, GRAY_RAW);

        assertThat(tensor[0]).isEqualTo(1f);
        assertThat(tensor[1]).isCloseTo(0.5f, within(1e-4f));
    }

    @Test
    void rgbBecomesLuminanceForGrayscaleModels() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);

        float[] tensor = ImageTensors.toTensor(rgb, GRAY_RAW);

        assertThat(tensor[0]).isCloseTo(0.299f, within(1e-5f));
        assertThat(tensor[1]).isCloseTo(0.587f, within(1e-5f));
    }

    @Test
    void grayIsReplicatedForRgbModelsAndPlanesAreChannelMajor() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 51);

        float[] tensor = ImageTensors.toTensor(gray, RGB_RAW);

        assertThat(tensor).containsExactly(0.2f, 0f, 0.2f, 0f, 0.2f, 0f);
    }

    @Test
    void bgrBytesAreReadInRgbOrder() {
        BufferedImage bgr = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(0, 0, 0x336699);

        float[] tensor = ImageTensors.toTensor(bgr, RGB_RAW);

        assertThat(tensor[0]).isCloseTo(0x33 / 255f, within(1e-6f));
        assertThat(tensor[2]).isCloseTo(0x66 / 255f, within(1e-6f));
        assertThat(tensor[4]).isCloseTo(0x99 / 255f, within(1e-6f));
    }

    @Test
    void alphaIsCompositedOntoBlack() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80ffffff);
        argb.setRGB(1, 0, 0x00ffffff);

        float[] tensor = ImageTensors.toTensor(argb, RGB_RAW);

        assertThat(tensor[0]).isCloseTo(128 / 255f, within(1e-5f));
        assertThat(tensor[1]).isZero();
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

        float[] tensor = ImageTensors.toTensor(image, RGB_RAW);

        assertThat(tensor[0]).isCloseTo(1f, within(0.02f));
        assertThat(tensor[1]).isCloseTo(1f, within(0.02f));
        assertThat(tensor[3]).isCloseTo(0f, within(0.02f));
    }

    @Test
    void normalisesWithMeanAndStd() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 0, 0, 255);
        Preprocessing p =
                new Preprocessing(
                        2, 1, 0, ColorMode.GRAYSCALE, new float[] {0.5f}, new float[] {0.25f});

        assertThat(ImageTensors.toTensor(gray, p)).containsExactly(-2f, 2f);
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

        assertThat(ImageTensors.toTensor(image, cropped)).containsOnly(0f);
        // Resized straight to 2x2 instead, the triangle filter (8 source pixels either side of
        // output column 0's centre) weighs the four white columns 3.0 out of 7.0.
        float[] squeezedTensor = ImageTensors.toTensor(image, squeezed);
        assertThat(squeezedTensor[0]).isCloseTo(3f / 7f, within(1e-5f));
        assertThat(squeezedTensor[1]).isCloseTo(0f, within(1e-5f));
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

        for (float value : ImageTensors.toTensor(board, p)) {
            assertThat(value).isCloseTo(0.5f, within(0.1f));
        }
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
