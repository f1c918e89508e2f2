package io.frameflow.operators.decode;

import io.frameflow.event.ImageEvent;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import io.frameflow.zoo.model.Preprocessing;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each {@link ImageEvent} into a {@link DecodedFrame}: reads the bytes (inline or by URI),
 * checks the limits, decodes, and resizes and crops to the pixels the model takes ({@link
 * ImagePixels}). Anything that fails goes to {@link DeadLetters#TAG} with its stage and reason; the
 * job goes on.
 */
public class DecodeFunction extends ProcessFunction<ImageEvent, DecodedFrame> {
    private static final long serialVersionUID = 1L;

    private final ModelSpec model;
    private final ImageLimits limits;
    private final ImageFetcher fetcher;

    private transient ImageDecoder decoder;
    private transient Preprocessing preprocessing;
    private transient DecodeMetrics metrics;

    /**
     * @param model the model whose preprocessing the pixels follow
     * @param limits byte and pixel limits
     * @param fetcher reads images given by URI
     */
    public DecodeFunction(ModelSpec model, ImageLimits limits, ImageFetcher fetcher) {
        this.model = model;
        this.limits = limits;
        this.fetcher = fetcher;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ImageDecoder(limits);
        preprocessing = ModelLoader.preprocessingOf(model);
        metrics = new DecodeMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ImageEvent event, Context ctx, Collector<DecodedFrame> out) {
        long start = System.nanoTime();
        try {
            BufferedImage image = decoder.decode(bytesOf(event));
            byte[] pixels = ImagePixels.of(image, preprocessing);
            long micros = (System.nanoTime() - start) / 1_000;
            metrics.decoded(micros);
            out.collect(new DecodedFrame(event, pixels, micros));
        } catch (RejectedImageException e) {
            metrics.deadLetter(e.stage());
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(event, e.stage(), e.errorClass(), e.getMessage()));
        }
    }

    private byte[] bytesOf(ImageEvent event) throws RejectedImageException {
        ByteBuffer payload = event.getPayload();
        if (payload != null) {
            if (payload.hasArray()
                    && payload.arrayOffset() + payload.position() == 0
                    && payload.remaining() == payload.array().length) {
                return payload.array(); // Avro decodes into a fresh array: no need to copy it
            }
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            return bytes;
        }
        if (event.getUri() == null) {
            throw new RejectedImageException(
                    io.frameflow.event.Stage.VALIDATE, "event has neither a payload nor a URI");
        }
        return fetcher.fetch(event.getUri(), decoder);
    }
}
