package io.frameflow.operators.testutils;

import io.frameflow.event.ImageEvent;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Preprocessing;
import java.util.HashMap;

/** Test frames: Fashion-MNIST test images as events and as decoded frames for the bundled model. */
public final class Frames {

    private static final FashionMnist TEST_SET = FashionMnist.testSet();
    private static final Preprocessing PREPROCESSING =
            ModelLoader.preprocessingOf(ModelSpec.bundled());

    private Frames() {}

    /** An event for test image {@code i}, with its true label and no payload. */
    public static ImageEvent event(int i) {
        return ImageEvent.newBuilder()
                .setId("fm-" + i)
                .setSourceId("camera-" + (i % 3))
                .setEventTime(1_000L + i)
                .setLabel(FashionMnist.CLASS_NAMES.get(TEST_SET.label(i)))
                .setAttributes(new HashMap<>())
                .build();
    }

    /** Test image {@code i} decoded and preprocessed for the bundled model. */
    public static DecodedFrame frame(int i) {
        return new DecodedFrame(event(i), ImagePixels.of(TEST_SET.image(i), PREPROCESSING), 42);
    }

    /** A frame whose pixels the model cannot take: it fails inference. */
    public static DecodedFrame poisoned(int i) {
        return new DecodedFrame(event(i), new byte[] {1, 2, 3}, 42);
    }
}
