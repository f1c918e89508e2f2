package io.frameflow.operators.classify;

import ai.djl.Model;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.translate.TranslatorContext;
import io.frameflow.operators.jmh.Frames;
import io.frameflow.operators.jmh.MicroBenchmark;
import io.frameflow.zoo.model.Preprocessing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The classifier's batching overhead apart from inference: a buffered micro-batch of preprocessed
 * frames into one libtorch tensor (the translator's reused direct buffer) and back out as
 * probability rows.
 */
public class BatchAssemblyBenchmark extends MicroBenchmark {

    @Param({"1", "16"})
    public int batch;

    @Param({Frames.SMALL, Frames.LARGE})
    public String frame;

    private FrameBatchTranslator translator;
    private List<float[]> tensors;
    private NDManager manager;
    private TranslatorContext context;

    @Setup
    public void prepare() {
        Preprocessing preprocessing = Frames.preprocessing(frame);
        translator = new FrameBatchTranslator(preprocessing, true);
        int length = preprocessing.channels() * preprocessing.width() * preprocessing.height();
        tensors = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            tensors.add(new float[length]);
        }
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
            NDList in = translator.processInput(context, tensors);
            // Stand-in for the model: logits of 10 classes per frame.
            NDList logits = new NDList(in.head().reshape(batch, -1).get(":, 0:10"));
            return translator.processOutput(context, logits);
        }
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
