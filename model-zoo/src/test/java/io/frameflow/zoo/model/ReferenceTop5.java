package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-5 classes and probabilities PyTorch computed for the first 200 test images when a bundled
 * model was exported: one row per image (index, label, then class and probability five times),
 * after a comment header that names the model file and the quantized engine.
 */
final class ReferenceTop5 {

    private final String header;
    private final List<String[]> rows;

    private ReferenceTop5(String header, List<String[]> rows) {
        this.header = header;
        this.rows = rows;
    }

    /** The float model's, written by {@code train_fashion_mnist.py}. */
    static ReferenceTop5 floatModel() {
        return read("/reference-top5.tsv");
    }

    /** The int8 model's, written by {@code quantize_bundled.py}. */
    static ReferenceTop5 int8() {
        return read("/reference-top5-int8.tsv");
    }

    String header() {
        return header;
    }

    int size() {
        return rows.size();
    }

    int label(int image) {
        return Integer.parseInt(rows.get(image)[1]);
    }

    /**
     * The classes that share the highest probability for an image: int8 logits are multiples of one
     * scale, so two classes can tie, and PyTorch and DJL break ties differently.
     */
    Set<Integer> top1(int image) {
        Set<Integer> best = new HashSet<>();
        for (int rank = 0;
                rank < 5 && probabilityAt(image, rank) == probabilityAt(image, 0);
                rank++) {
            best.add(classAt(image, rank));
        }
        return best;
    }

    /** The class ranked {@code rank} (0 = best) for an image. */
    int classAt(int image, int rank) {
        return Integer.parseInt(rows.get(image)[2 + 2 * rank]);
    }

    double probabilityAt(int image, int rank) {
        return Double.parseDouble(rows.get(image)[3 + 2 * rank]);
    }

    private static ReferenceTop5 read(String resource) {
        try (InputStream in = ReferenceTop5.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + ", written by the model's script").isNotNull();
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return new ReferenceTop5(
                    lines.get(0),
                    lines.stream()
                            .filter(line -> !line.startsWith("#"))
                            .map(line -> line.split("\t"))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
