package io.frameflow.operators.classify;

import ai.djl.Model;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.translate.TranslatorContext;
import io.frameflow.operators.jmh.Frames;
import io.frameflow.operators.jmh.MicroBenchmark;
import io.frameflow.zoo.model.ImagePixels;
import io.frameflow.zoo.model.PixelBatchTranslator;
import io.frameflow.zoo.model.Precision;
import io.frameflow.zoo.model.Preprocessing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The classifier's batching overhead apart from inference: a buffered micro-batch of model-ready
 * frames into one normalised libtorch tensor and back out as probability rows. {@code uint8} is
 * what the classifier sends (pixels into the translator's reused direct buffer, normalised by
 * libtorch); {@code float32} is what it sent before, for comparison in one session: the frames
 * normalised on the host and copied as floats, 4x the bytes.
 */
public class BatchAssemblyBenchmark extends MicroBenchmark {

    @Param({"1", "16"})
    public int batch;

    @Param({Frames.SMALL, Frames.LARGE})
    public String frame;

    @Param({"uint8", "float32"})
    public String input;

    private PixelBatchTranslator translator;
    private Preprocessing preprocessing;
    private List<byte[]> images;
    private ByteBuffer floatBuffer;
    private NDManager manager;
    private TranslatorContext context;

    @Setup
    public void prepare() {
        preprocessing = Frames.preprocessing(frame);
        translator = new PixelBatchTranslator(preprocessing, Precision.FP32, true);
        int length = ImagePixels.length(preprocessing);
        images = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < batch; i++) {
            byte[] image = new byte[length];
            random.nextBytes(image);
            images.add(image);
        }
        floatBuffer =
                ByteBuffer.allocateDirect(batch * length * Float.BYTES)
                        .order(ByteOrder.nativeOrder());
        manager = NDManager.newBaseManager("PyTorch");
        context = new BenchContext(manager);
    }

    @TearDown
    public void close() {
        manager.close();
    }

    @Benchmark
    public List<float[]> assembleAndSplit() throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            ((BenchContext) context).current = scope;
            NDList in =
                    input.equals("uint8")
                            ? translator.processInput(context, images)
                            : new NDList(hostFloatBatch(scope));
            // Stand-in for the model: logits of 10 classes per frame.
            NDList logits = new NDList(in.head().reshape(batch, -1).get(":, 0:10"));
            return translator.processOutput(context, logits);
        }
    }

    /** Normalised on the host, channel-major, copied to libtorch as floats: the former path. */
    private NDArray hostFloatBatch(NDManager scope) {
        FloatBuffer floats = floatBuffer.clear().asFloatBuffer();
        int channels = preprocessing.channels();
        int plane = preprocessing.width() * preprocessing.height();
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        float[] row = new float[plane];
        for (byte[] image : images) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < plane; i++) {
                    row[i] = ((image[i * channels + c] & 0xff) / 255f - mean[c]) / std[c];
                }
                floats.put(row);
            }
        }
        Shape shape = new Shape(batch, channels, preprocessing.height(), preprocessing.width());
        return scope.create(floatBuffer, shape, DataType.FLOAT32);
    }

    /** The part of DJL's predictor context the translator uses: an NDManager per call. */
    private static final class BenchContext implements TranslatorContext {
        private NDManager current;
        private final Map<String, Object> attachments = new HashMap<>();

        BenchContext(NDManager manager) {
            this.current = manager;
        }

        @Override
        public Model getModel() {
            return null;
        }

        @Override
        public NDManager getNDManager() {
            return current;
        }

        @Override
        public NDManager getPredictorManager() {
            return current;
        }

        @Override
        public Block getBlock() {
            return null;
        }

        @Override
        public Metrics getMetrics() {
            return null;
        }

        @Override
        public Object getAttachment(String key) {
            return attachments.get(key);
        }

        @Override
        public void setAttachment(String key, Object value) {
            attachments.put(key, value);
        }

        @Override
        public void close() {}
    }
}
