package io.frameflow.it.bench;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.eval.SpeedMeter;
import io.frameflow.zoo.eval.SpeedResult;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Contestant 2, Frameflow's ceiling: one DJL predictor in a plain loop, no Flink. Measures
 * inference only (pre-made tensors, {@code djl-loop-inference}) and the whole per-frame work from
 * encoded bytes in memory (ImageIO decode, preprocess, batch predict, {@code djl-loop-decode}), for
 * every batch size, with all cores given to libtorch's intra-op pool.
 */
public final class DjlLoopContestant {

    private DjlLoopContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int cores = Runtime.getRuntime().availableProcessors();
        EngineThreads.configure(cores, 1);
        List<byte[]> frames = args.frameBytes();
        String note = cores + " intra-op threads";
        try (ClassifierModel model =
                        ModelLoader.load(ModelSpec.builder().setLocation(args.model()).build());
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int batch : args.batches()) {
                int rounds = Math.max(3, frames.size() / batch);
                SpeedMeter meter = new SpeedMeter(model, 3, rounds);
                ProcessUsage.Window usage = ProcessUsage.start();
                SpeedResult inference = meter.inferenceOnly(batch);
                usage.stop();
                Measurement.throughput(
                                args.workload(),
                                "djl-loop-inference",
                                batch,
                                (long) rounds * batch,
                                inference.imagesPerSecond(),
                                usage,
                                note)
                        .print();
            }
            ImageFactory images = ImageFactory.getInstance();
            for (int batch : args.batches()) {
                predictor.batchPredict(decode(images, frames.subList(0, batch))); // warm-up
                ProcessUsage.Window usage = ProcessUsage.start();
                for (int i = 0; i < frames.size(); i += batch) {
                    predictor.batchPredict(
                            decode(images, frames.subList(i, Math.min(frames.size(), i + batch))));
                }
                usage.stop();
                Measurement.throughput(
                                args.workload(),
                                "djl-loop-decode",
                                batch,
                                frames.size(),
                                frames.size() / usage.seconds(),
                                usage,
                                note + ", ImageIO decode")
                        .print();
            }
        }
    }

    private static List<Image> decode(ImageFactory factory, List<byte[]> encoded)
            throws java.io.IOException {
        List<Image> batch = new ArrayList<>(encoded.size());
        for (byte[] bytes : encoded) {
            batch.add(factory.fromImage(ImageIO.read(new ByteArrayInputStream(bytes))));
        }
        return batch;
    }
}
