package io.frameflow.it.bench;

import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.BundledModel;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/** Makes the benchmark's two workloads: frames as files, and the model each one runs. */
final class Workloads {

    /**
     * A workload.
     *
     * @param name {@code fmnist} or {@code heavy}
     * @param frames folder of encoded frames
     * @param javaModel the model location the Java contestants load
     * @param modelDir the model's folder (its .pt and serving.properties), for Python
     * @param count frames in the folder
     */
    record Workload(String name, Path frames, String javaModel, Path modelDir, int count) {}

    private Workloads() {}

    /** Fashion-MNIST test images as PNG files, for the bundled model. */
    static Workload fashionMnist(Path out, int count) throws IOException {
        FashionMnist testSet = FashionMnist.testSet();
        Path dir = frames(out, "fmnist", count, "png", i -> testSet.image(i % testSet.size()));
        // Python reads the same file the Java contestants load as "bundled".
        return new Workload("fmnist", dir, "bundled", BundledModel.FLOAT.folder(), count);
    }

    /**
     * 640×480 JPEG frames (gradients, shapes and sensor-like noise, so they compress like
     * photographs) for a random-weight MobileNetV1-1.0-224 exported by the model zoo's Python
     * script; empty when Python or PyTorch is missing (said on stdout).
     */
    static Optional<Workload> heavy(Path out, int count, String python) throws Exception {
        Path model = out.resolve("models/mobilenet_v1_1.0_224");
        if (!Files.exists(model.resolve("mobilenet_v1_1.0_224.pt"))) {
            if (python == null) {
                System.out.println(
                        "heavy workload skipped: exporting the random MobileNetV1-1.0-224 needs"
                                + " Debian's python3-torch (apt-get install python3-torch)");
                return Optional.empty();
            }
            runPython(
                    python,
                    "model-zoo/training/export_random.py",
                    "--family",
                    "v1",
                    "--alpha",
                    "1.0",
                    "--resolution",
                    "224",
                    "--out",
                    model.toString());
        }
        Random random = new Random(42);
        Path dir = frames(out, "heavy", count, "jpg", i -> syntheticFrame(random));
        return Optional.of(
                new Workload("heavy", dir, model.toAbsolutePath().toString(), model, count));
    }

    /**
     * The heavy workload's frames for an int8 build of its model, made by the model zoo's
     * quantize.py and calibrated on those frames (random weights: what counts is the speed of the
     * int8 kernels); empty when Python or PyTorch is missing (said on stdout).
     */
    static Optional<Workload> heavyInt8(Path out, Workload heavy, String python) throws Exception {
        String name = "mobilenet_v1_1.0_224_int8";
        Path model = out.resolve("models/" + name);
        if (!Files.exists(model.resolve(name + ".pt"))) {
            if (python == null) {
                System.out.println(
                        "heavy-int8 workload skipped: quantising MobileNetV1-1.0-224 needs"
                                + " Debian's python3-torch (apt-get install python3-torch)");
                return Optional.empty();
            }
            // Into a scratch folder first: an interrupted run never leaves half a model behind.
            Path partial = out.resolve("models/int8-partial/" + name);
            runPython(
                    python,
                    "model-zoo/training/quantize.py",
                    "--model",
                    heavy.modelDir().toString(),
                    "--calibration",
                    heavy.frames().toString(),
                    "--out",
                    partial.toString(),
                    "--limit",
                    "200");
            Files.move(partial, model);
        }
        return Optional.of(
                new Workload(
                        "heavy-int8",
                        heavy.frames(),
                        model.toAbsolutePath().toString(),
                        model,
                        heavy.count()));
    }

    private static void runPython(String python, String... scriptAndArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(scriptAndArgs));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(scriptAndArgs[0] + " failed: " + command);
        }
    }

    /**
     * {@code out/frames/<name>-<count>/}, written once: into a scratch folder first, so that an
     * interrupted run never leaves a short workload behind.
     */
    private static Path frames(
            Path out, String name, int count, String format, IntFunction<BufferedImage> frame)
            throws IOException {
        Path dir = out.resolve("frames/" + name + "-" + count);
        if (!Files.isDirectory(dir)) {
            Path partial = Files.createDirectories(out.resolve("frames/" + name + "-partial"));
            for (int i = 0; i < count; i++) {
                ImageIO.write(
                        frame.apply(i),
                        format,
                        partial.resolve(String.format("%05d.%s", i, format)).toFile());
            }
            Files.move(partial, dir);
        }
        return dir;
    }

    private static BufferedImage syntheticFrame(Random random) {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(
                new GradientPaint(
                        0, 0, new Color(random.nextInt()), 640, 480, new Color(random.nextInt())));
        g.fillRect(0, 0, 640, 480);
        for (int s = 0; s < 25; s++) {
            g.setColor(new Color(random.nextInt(), true));
            int x = random.nextInt(640);
            int y = random.nextInt(480);
            int w = 20 + random.nextInt(200);
            int h = 20 + random.nextInt(200);
            if (random.nextBoolean()) {
                g.fillOval(x, y, w, h);
            } else {
                g.fillRect(x, y, w, h);
            }
        }
        g.dispose();
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(17) - 8;
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int gr = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
