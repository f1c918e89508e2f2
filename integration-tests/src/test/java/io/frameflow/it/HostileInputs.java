package io.frameflow.it;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Stage;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.operators.testutils.ImageCorpus;
import io.frameflow.operators.testutils.TestImages;
import io.frameflow.zoo.data.FashionMnist;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A corpus of hostile and odd inputs, each a Kafka record value with the outcome it must have: a
 * prediction (the valid-but-odd ones) or a dead letter at a given stage. The images of the
 * operators' {@link ImageCorpus} (TIFF variants, JPEGs with damaged metadata, ...) are among them.
 */
final class HostileInputs {

    /**
     * One kind of input.
     *
     * @param name what it is
     * @param value the Kafka record value (null: a tombstone)
     * @param eventId the id inside, or null when the value is not a valid event
     * @param expected the dead-letter stage, or null for a prediction
     */
    record Case(String name, byte[] value, String eventId, Stage expected) {}

    private final EventCodec<ImageEvent> codec;
    private final Path allowedRoot;
    private final List<Case> cases = new ArrayList<>();

    HostileInputs(EventCodec<ImageEvent> codec, Path allowedRoot) {
        this.codec = codec;
        this.allowedRoot = allowedRoot;
    }

    /** Every kind; the image byte limit of the job must be {@code maxBytes}. */
    List<Case> all(long maxBytes) throws IOException {
        events.clear();
        cases.clear();
        BufferedImage garment = FashionMnist.testSet().image(0);
        byte[] png = TestImages.encode(garment, "png");
        byte[] jpeg = TestImages.encode(rgb(garment, 56, 56), "jpg");

        event("empty payload", new byte[0], Stage.VALIDATE);
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 0x42;
        event("random bytes", noise, Stage.DECODE);
        event(
                "a text file",
                "Dear diary, today I was an image.".getBytes(StandardCharsets.UTF_8),
                Stage.DECODE);
        event("truncated JPEG", Arrays.copyOf(jpeg, jpeg.length / 2), Stage.DECODE);
        event("truncated PNG", Arrays.copyOf(png, png.length / 2), Stage.DECODE);
        event("JPEG with a corrupt Huffman table", TestImages.corruptHuffman(jpeg), Stage.DECODE);
        event(
                "PNG declaring 100000x100000 pixels",
                TestImages.pngDeclaring(100_000, 100_000),
                Stage.VALIDATE);
        event("image over the byte limit", noisyPng((int) maxBytes), Stage.VALIDATE);
        event("JPEG start marker only", new byte[] {(byte) 0xff, (byte) 0xd8}, Stage.DECODE);
        event(
                "SVG",
                "<svg xmlns='http://www.w3.org/2000/svg'><rect width='10' height='10'/></svg>"
                        .getBytes(StandardCharsets.UTF_8),
                Stage.DECODE);
        event(
                "BMP declaring 0x0 pixels",
                bmpDeclaringZero(TestImages.encode(rgb(garment, 28, 28), "bmp")),
                Stage.VALIDATE);
        event("GIF with 10 000 frames (first frame classified)", manyFrameGif(10_000), null);
        event("1x1 image", TestImages.encode(rgb(garment, 1, 1), "png"), null);
        event("16-bit PNG", TestImages.encode(sixteenBit(garment), "png"), null);
        event("CMYK JPEG", resource("/halves-cmyk.jpg"), null);
        event("PNG with an alpha channel", TestImages.encode(argb(garment), "png"), null);
        event("EXIF-rotated JPEG", TestImages.withExifOrientation(jpeg, 6), null);
        event("PNG claiming to be a JPEG", png, null).setContentType("image/jpeg");
        event("huge attributes map (5 000 entries)", png, null)
                .getAttributes()
                .putAll(hugeAttributes());
        for (ImageCorpus.Case image : ImageCorpus.all()) {
            event(image.name(), image.bytes(), image.deadLetterStage());
        }

        ImageEvent noPayload = base("null payload and no URI");
        add(
                new Case(
                        "null payload and no URI",
                        codec.encode(noPayload),
                        noPayload.getId(),
                        Stage.VALIDATE));
        ImageEvent nowhere = base("URI that points nowhere");
        nowhere.setUri(allowedRoot.resolve("no/such/image.jpg").toUri().toString());
        add(
                new Case(
                        "URI that points nowhere",
                        codec.encode(nowhere),
                        nowhere.getId(),
                        Stage.FETCH));
        ImageEvent escape = base("URI escaping the allowed root");
        escape.setUri(allowedRoot + "/../../../../etc/passwd");
        add(
                new Case(
                        "URI escaping the allowed root",
                        codec.encode(escape),
                        escape.getId(),
                        Stage.FETCH));

        byte[] valid = codec.encode(withPayload(base("valid event"), png));
        byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[5] ^= 0x33;
        add(
                new Case(
                        "Avro with an unknown schema fingerprint",
                        unknownFingerprint,
                        null,
                        Stage.DESERIALIZE));
        add(
                new Case(
                        "Avro truncated mid-record",
                        Arrays.copyOf(valid, valid.length / 2),
                        null,
                        Stage.DESERIALIZE));
        add(
                new Case(
                        "not Avro at all",
                        "{\"json\": true}".getBytes(StandardCharsets.UTF_8),
                        null,
                        Stage.DESERIALIZE));
        add(new Case("Kafka tombstone (no value)", null, null, Stage.DESERIALIZE));
        ImageEvent blankId = withPayload(base("blank id"), png);
        blankId.setId(" ");
        add(new Case("event with a blank id", codec.encode(blankId), null, Stage.DESERIALIZE));
        List<Case> all = new ArrayList<>();
        for (EventCase e : events) {
            all.add(new Case(e.name(), codec.encode(e.event()), e.event().getId(), e.expected()));
        }
        all.addAll(cases);
        return all;
    }

    private record EventCase(String name, ImageEvent event, Stage expected) {}

    private final List<EventCase> events = new ArrayList<>();
    private int counter;

    /** An event case; the event may still be changed until {@link #all} encodes it. */
    private ImageEvent event(String name, byte[] payload, Stage expected) {
        ImageEvent event = withPayload(base(name), payload);
        events.add(new EventCase(name, event, expected));
        return event;
    }

    private void add(Case c) {
        cases.add(c);
    }

    private ImageEvent base(String name) {
        HashMap<String, String> attributes = new HashMap<>();
        attributes.put("case", name);
        return ImageEvent.newBuilder()
                .setId("hostile-" + counter++ + "-" + name.replaceAll("[^a-zA-Z0-9]+", "-"))
                .setSourceId("hostile")
                .setEventTime(System.currentTimeMillis())
                .setAttributes(attributes)
                .build();
    }

    private static ImageEvent withPayload(ImageEvent event, byte[] payload) {
        event.setPayload(ByteBuffer.wrap(payload));
        return event;
    }

    private static Map<String, String> hugeAttributes() {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            map.put("key-" + i, "value-" + i);
        }
        return map;
    }

    private static BufferedImage rgb(BufferedImage gray, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(gray, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage argb(BufferedImage gray) {
        BufferedImage out = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = gray.getRaster().getSample(x, y, 0);
                out.setRGB(x, y, (0xff << 24) | v << 16 | v << 8 | v);
            }
        }
        return out;
    }

    private static BufferedImage sixteenBit(BufferedImage gray) {
        BufferedImage deep = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                deep.getRaster().setSample(x, y, 0, gray.getRaster().getSample(x, y, 0) * 257);
            }
        }
        return deep;
    }

    /** A PNG of noise at least {@code bytes} long (noise does not compress). */
    private static byte[] noisyPng(int bytes) {
        int side = (int) Math.sqrt(bytes / 2.0) + 16;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(2);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return TestImages.encode(image, "png");
    }

    private static byte[] bmpDeclaringZero(byte[] bmp) {
        byte[] out = bmp.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(18, 0).putInt(22, 0);
        return out;
    }

    private static byte[] manyFrameGif(int frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            BufferedImage frame = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED);
            for (int i = 0; i < frames; i++) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = HostileInputs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }
}
