package io.frameflow.job.bench;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.EngineThreads;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The plain DJL predictor loop over image files, the baseline a backfill is compared with: read,
 * decode (ImageIO), preprocess and classify in batches, one thread, no Flink. Prints images/s.
 *
 * <pre>
 * java -cp job/target/test-classes:job/target/classes:$(cat job/target/classpath.txt) \
 *   io.frameflow.job.bench.DjlFileLoop FOLDER MODEL [BATCH]
 * </pre>
 */
public final class DjlFileLoop {

    private DjlFileLoop() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        String model = args.length > 1 ? args[1] : ModelSpec.BUNDLED;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        EngineThreads.configure(Runtime.getRuntime().availableProcessors(), 1);
        ImageFactory factory = ImageFactory.getInstance();
        try (ClassifierModel loaded =
                        ModelLoader.load(ModelSpec.builder().setLocation(model).build());
                Predictor<Image, Classifications> predictor = loaded.newPredictor()) {
            long start = System.nanoTime();
            List<Image> images = new ArrayList<>(batch);
            int done = 0;
            for (Path file : files) {
                images.add(factory.fromImage(ImageIO.read(file.toFile())));
                if (images.size() == batch) {
                    predictor.batchPredict(images);
                    done += images.size();
                    images.clear();
                }
            }
            if (!images.isEmpty()) {
                predictor.batchPredict(images);
                done += images.size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "DJL file loop: %d images in %.1f s, %.1f images/s (batch %d)%n",
                    done,
                    seconds,
                    done / seconds,
                    batch);
        }
    }
}
