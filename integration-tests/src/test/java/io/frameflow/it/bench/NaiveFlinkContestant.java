package io.frameflow.it.bench;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Contestant 3, what DJL's own Flink examples write: a map function that loads the model in {@code
 * open()} and calls {@code predict} once per record, with DJL's default threading (every
 * predictor's libtorch pool takes all cores). Runs on a MiniCluster at the benchmark's parallelism;
 * throughput is counted from the first to the last prediction.
 */
public final class NaiveFlinkContestant {

    // The MiniCluster runs in this JVM, so the subtasks can stamp shared clocks.
    static final AtomicLong FIRST = new AtomicLong(Long.MAX_VALUE);
    static final AtomicLong LAST = new AtomicLong();

    private NaiveFlinkContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int count = args.frameFiles().size();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(args.parallelism());
        env.fromData(IntStream.range(0, count).boxed().toList())
                .setParallelism(1)
                .rebalance()
                .map(new PredictPerRecord(args.framesDir().toString(), args.model()))
                .sinkTo(new DiscardingSink<>());
        ProcessUsage.Window usage = ProcessUsage.startSampled();
        env.execute("naive DJL map");
        usage.stop();
        double seconds = (LAST.get() - FIRST.get()) / 1e9;
        // CPU over the same interval as the frames/s (first to last record), on the wall clock.
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        usage.narrowTo(
                nowMillis - (nowNanos - FIRST.get()) / 1_000_000,
                nowMillis - (nowNanos - LAST.get()) / 1_000_000);
        Measurement.throughput(
                        args.workload(),
                        "naive-flink-map",
                        1,
                        count,
                        count / seconds,
                        usage,
                        "parallelism " + args.parallelism() + ", default DJL threads")
                .print();
    }

    /** Loads the model and the frames in open(); one predict() per record. */
    static final class PredictPerRecord extends RichMapFunction<Integer, String> {
        private final String framesDir;
        private final String model;
        private transient ClassifierModel loaded;
        private transient Predictor<Image, Classifications> predictor;
        private transient List<byte[]> frames;

        PredictPerRecord(String framesDir, String model) {
            this.framesDir = framesDir;
            this.model = model;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            frames = ContestantArgs.frameBytes(Path.of(framesDir));
            loaded = ModelLoader.load(ModelSpec.builder().setLocation(model).build());
            predictor = loaded.newPredictor();
        }

        @Override
        public String map(Integer index) throws Exception {
            Image image =
                    ImageFactory.getInstance()
                            .fromImage(ImageIO.read(new ByteArrayInputStream(frames.get(index))));
            String label = predictor.predict(image).best().getClassName();
            long now = System.nanoTime();
            FIRST.accumulateAndGet(now, Math::min);
            LAST.accumulateAndGet(now, Math::max);
            return label;
        }

        @Override
        public void close() {
            if (predictor != null) {
                predictor.close();
            }
            if (loaded != null) {
                loaded.close();
            }
        }
    }
}
