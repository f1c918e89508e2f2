package io.frameflow.zoo.data;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao et al. 2017) read from its IDX files: 28x28 grayscale images with labels. The
 * 10 000 test images ship inside this jar; the training set comes from a folder such as Debian's
 * {@code /usr/share/datasets/fashion-mnist}.
 *
 * @param images the pixels, image after image, row-major, one byte each
 * @param labels one label index per image
 * @param rows image height
 * @param cols image width
 */
public record FashionMnist(byte[] images, byte[] labels, int rows, int cols) {

    /** Class names, in label order. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** Debian's {@code dataset-fashion-mnist} location. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String RESOURCE_DIR = "/io/frameflow/zoo/data/fashion-mnist/";
    private static final int IMAGE_MAGIC = 2051;
    private static final int LABEL_MAGIC = 2049;

    /** The 10 000 test images bundled in the jar. */
    public static FashionMnist testSet() {
        try (InputStream images = resource("t10k-images-idx3-ubyte.gz");
                InputStream labels = resource("t10k-labels-idx1-ubyte.gz")) {
            return read(images, labels);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled Fashion-MNIST test set", e);
        }
    }

    /**
     * Reads {@code <split>-images-idx3-ubyte[.gz]} and {@code <split>-labels-idx1-ubyte[.gz]} from
     * a folder; split is {@code train} or {@code t10k}.
     */
    public static FashionMnist read(Path folder, String split) throws IOException {
        try (InputStream images = Files.newInputStream(find(folder, split + "-images-idx3-ubyte"));
                InputStream labels =
                        Files.newInputStream(find(folder, split + "-labels-idx1-ubyte"))) {
            return read(images, labels);
        }
    }

    /** Reads an IDX image stream and its IDX label stream, either gzipped or plain. */
    public static FashionMnist read(InputStream imageStream, InputStream labelStream)
            throws IOException {
        DataInputStream images = new DataInputStream(maybeGunzip(imageStream));
        DataInputStream labels = new DataInputStream(maybeGunzip(labelStream));
        int magic = images.readInt();
        if (magic != IMAGE_MAGIC) {
            throw new IOException("Not an IDX image file (magic " + magic + ", expected 2051)");
        }
        int count = images.readInt();
        int rows = images.readInt();
        int cols = images.readInt();
        int labelMagic = labels.readInt();
        int labelCount = labels.readInt();
        if (labelMagic != LABEL_MAGIC || labelCount != count) {
            throw new IOException(
                    "IDX label file does not match: magic "
                            + labelMagic
                            + ", "
                            + labelCount
                            + " labels for "
                            + count
                            + " images");
        }
        byte[] pixels = new byte[Math.multiplyExact(count, rows * cols)];
        images.readFully(pixels);
        byte[] labelBytes = new byte[count];
        labels.readFully(labelBytes);
        return new FashionMnist(pixels, labelBytes, rows, cols);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** The label index of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Image {@code i} as an 8-bit grayscale image (white garment on black). */
    public BufferedImage image(int i) {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        int pixels = rows * cols;
        image.getRaster()
                .setDataElements(
                        0,
                        0,
                        cols,
                        rows,
                        java.util.Arrays.copyOfRange(images, i * pixels, (i + 1) * pixels));
        return image;
    }

    private static Path find(Path folder, String stem) throws IOException {
        for (String name : List.of(stem + ".gz", stem)) {
            Path path = folder.resolve(name);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IOException(
                stem
                        + "[.gz] not found in "
                        + folder
                        + "; install Debian's dataset-fashion-mnist or point to the IDX files");
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = FashionMnist.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IOException("Bundled resource " + RESOURCE_DIR + name + " is missing");
        }
        return in;
    }
}
