package io.frameflow.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.Stage;
import io.frameflow.operators.testutils.ImageCorpus;
import io.frameflow.operators.testutils.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "gif", "bmp"})
    void decodesEachFormat(String format) throws Exception {
        byte[] bytes = TestImages.encode(TestImages.halves(64, 48), format);

        BufferedImage image = decoder.decode(bytes);

        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
        assertThat(new Color(image.getRGB(5, 5)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(60, 5)).getBlue()).isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"halves.webp", "halves-cmyk.jpg"})
    void decodesWebPAndCmykJpegToRgb(String fixture) throws Exception {
        byte[] bytes;
        try (var in = getClass().getResourceAsStream("/images/" + fixture)) {
            bytes = in.readAllBytes();
        }

        BufferedImage image = decoder.decode(bytes);

        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(16);
        Color left = new Color(image.getRGB(4, 8));
        Color right = new Color(image.getRGB(28, 8));
        assertThat(left.getRed()).isGreaterThan(200);
        assertThat(left.getBlue()).isLessThan(60);
        assertThat(right.getBlue()).isGreaterThan(200);
        assertThat(right.getRed()).isLessThan(60);
    }

    @Test
    void keepsGrayscaleSixteenBitAndAlphaAsTheyAre() throws Exception {
        BufferedImage gray16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 65535);
        BufferedImage rgba = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x80ff0000);

        BufferedImage decoded16 = decoder.decode(TestImages.encode(gray16, "png"));
        BufferedImage decodedAlpha = decoder.decode(TestImages.encode(rgba, "png"));

        assertThat(decoded16.getRaster().getSample(0, 0, 0)).isEqualTo(65535);
        assertThat(decoded16.getSampleModel().getSampleSize(0)).isEqualTo(16);
        assertThat(decodedAlpha.getColorModel().hasAlpha()).isTrue();
        assertThat(decodedAlpha.getRGB(0, 0) >>> 24).isEqualTo(0x80);
    }

    @Test
    void takesTheFirstFrameOfAnAnimatedGif() throws Exception {
        byte[] gif = TestImages.animatedGif(Color.GREEN, Color.RED, Color.BLUE);

        BufferedImage image = decoder.decode(gif);

        assertThat(new Color(image.getRGB(1, 1))).isEqualTo(Color.GREEN);
    }

    @Test
    void honoursExifOrientation() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.halves(64, 32), "jpg");

        // 6: the camera was turned 90° clockwise; upright, red (left) ends up on top.
        BufferedImage image = decoder.decode(TestImages.withExifOrientation(jpeg, 6));

        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(64);
        assertThat(new Color(image.getRGB(16, 5)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(16, 60)).getBlue()).isGreaterThan(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.frameflow.operators.testutils.ImageCorpus#all")
    void eachImageOfTheCorpusHasItsExpectedOutcome(ImageCorpus.Case image) {
        if (image.expected() instanceof ImageCorpus.Decodes d) {
            assertDecodes(image.bytes(), d);
        } else if (image.expected() instanceof ImageCorpus.Rejected r) {
            assertRejected(() -> decoder.decode(image.bytes()), r.stage(), r.reason());
        }
    }

    @Test
    void aJpegWithDamagedMetadataDecodesToTheSamePixelsAsWithout() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.halves(64, 48), "jpg");
        byte[] damaged =
                TestImages.withSegment(
                        jpeg, 0xe2, TestImages.iccChunk(1, 1, TestImages.signedNoise("", 99, 1)));

        BufferedImage clean = decoder.decode(jpeg);
        BufferedImage recovered = decoder.decode(damaged);

        for (int y = 0; y < 48; y += 7) {
            for (int x = 0; x < 64; x += 7) {
                assertThat(recovered.getRGB(x, y))
                        .as("(%d, %d)", x, y)
                        .isEqualTo(clean.getRGB(x, y));
            }
        }
    }

    @Test
    void emptyPayload() {
        assertRejected(() -> decoder.decode(new byte[0]), Stage.VALIDATE, "empty image payload");
    }

    @Test
    void overTheByteLimit() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(100, ImageLimits.DEFAULT_MAX_PIXELS));
        byte[] png = TestImages.encode(TestImages.halves(64, 64), "png");

        assertRejected(
                () -> small.decode(png), Stage.VALIDATE, "over the limit of 100 (max image bytes)");
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);

        assertRejected(
                () -> decoder.decode(bomb),
                Stage.VALIDATE,
                "PNG header declares 100000x100000 = 10,000,000,000 pixels");
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        noise[0] = 0x13;

        assertRejected(() -> decoder.decode(noise), Stage.DECODE, "not a supported image format");
    }

    @Test
    void svgIsNamed() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);

        assertRejected(
                () -> decoder.decode(svg), Stage.DECODE, "SVG (vector) images are not supported");
    }

    @Test
    void truncatedJpeg() {
        byte[] jpeg = TestImages.encode(TestImages.halves(64, 64), "jpg");

        assertRejected(
                () -> decoder.decode(TestImages.truncated(jpeg, 0.6)),
                Stage.DECODE,
                "corrupt or truncated JPEG");
    }

    @Test
    void truncatedPng() {
        byte[] png = TestImages.encode(TestImages.halves(64, 64), "png");

        assertRejected(
                () -> decoder.decode(TestImages.truncated(png, 0.6)),
                Stage.DECODE,
                "corrupt or truncated PNG");
    }

    private void assertDecodes(byte[] bytes, ImageCorpus.Decodes expected) {
        BufferedImage image;
        try {
            image = decoder.decode(bytes);
        } catch (RejectedImageException e) {
            throw new AssertionError("rejected at " + e.stage() + ": " + e.getMessage(), e);
        }
        assertThat(image.getWidth()).as("width").isEqualTo(expected.width());
        assertThat(image.getHeight()).as("height").isEqualTo(expected.height());
        int w = image.getWidth();
        int h = image.getHeight();
        switch (expected.layout()) {
            case RED_LEFT_BLUE_RIGHT -> {
                assertRed(image, w / 8, h / 2);
                assertBlue(image, w - 1 - w / 8, h / 2);
            }
            case RED_TOP_BLUE_BOTTOM -> {
                assertRed(image, w / 2, h / 8);
                assertBlue(image, w / 2, h - 1 - h / 8);
            }
            case ANY -> {}
        }
    }

    private static void assertRed(BufferedImage image, int x, int y) {
        Color c = new Color(image.getRGB(x, y));
        assertThat(c.getRed()).as("red at (%d, %d): %s", x, y, c).isGreaterThan(200);
        assertThat(c.getBlue()).as("red at (%d, %d): %s", x, y, c).isLessThan(60);
    }

    private static void assertBlue(BufferedImage image, int x, int y) {
        Color c = new Color(image.getRGB(x, y));
        assertThat(c.getBlue()).as("blue at (%d, %d): %s", x, y, c).isGreaterThan(200);
        assertThat(c.getRed()).as("blue at (%d, %d): %s", x, y, c).isLessThan(60);
    }

    private static void assertRejected(ThrowingCallable call, Stage stage, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        RejectedImageException.class, e -> assertThat(e.stage()).isEqualTo(stage))
                .hasMessageContaining(message);
    }
}
