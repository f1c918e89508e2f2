package io.frameflow.zoo.model;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

/**
 * DJL translator from an image to top-k classifications: the image's pixels by {@link ImagePixels},
 * normalised on the model's device by {@link InputNormalization}, softmax over the model's logits,
 * and a check that the model's output width matches the synset (a model without a synset is
 * labelled by output index).
 */
public final class ClassifierTranslator implements Translator<Image, Classifications> {

    private final Preprocessing preprocessing;
    private final InputNormalization normalization;
    private final List<String> synset;
    private final int topK;
    private final boolean applySoftmax;
    private volatile List<String> indexLabels = List.of();

    public ClassifierTranslator(
            Preprocessing preprocessing,
            Precision precision,
            List<String> synset,
            int topK,
            boolean applySoftmax) {
        this.preprocessing = preprocessing;
        this.normalization = new InputNormalization(preprocessing, precision);
        this.synset = List.copyOf(synset);
        this.topK = topK;
        this.applySoftmax = applySoftmax;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Object wrapped = input.getWrappedImage();
        if (!(wrapped instanceof BufferedImage image)) {
            throw new IllegalArgumentException(
                    "Expected a java.awt BufferedImage, got " + wrapped.getClass().getName());
        }
        return new NDList(
                normalization.image(ctx.getNDManager(), ImagePixels.of(image, preprocessing)));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list)
            throws TranslateException {
        NDArray logits = list.singletonOrThrow();
        if (logits.getDataType() != DataType.FLOAT32) {
            logits = logits.toType(DataType.FLOAT32, false);
        }
        long width = logits.getShape().get(logits.getShape().dimension() - 1);
        if (logits.getShape().size() != width || (!synset.isEmpty() && width != synset.size())) {
            throw new SynsetMismatchException(synset.size(), logits.getShape());
        }
        NDArray probabilities = applySoftmax ? logits.softmax(-1) : logits;
        return new Classifications(labels((int) width), probabilities, topK);
    }

    /** The synset, or the output indices as labels when the model came without one. */
    List<String> labels(int classes) {
        if (!synset.isEmpty()) {
            return synset;
        }
        List<String> labels = indexLabels;
        if (labels.size() != classes) {
            labels = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
            indexLabels = labels;
        }
        return labels;
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /** Thrown when the model's output does not have one value per synset label. */
    public static final class SynsetMismatchException extends TranslateException {
        private static final long serialVersionUID = 1L;

        SynsetMismatchException(int labels, Shape output) {
            super(
                    String.format(
                            "synset has %d labels but the model outputs shape %s per image;"
                                    + " synset.txt must have one line per output class",
                            labels, output));
        }
    }
}
