package io.frameflow.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmark hands a contestant process: {@code --workload NAME --frames DIR --model LOC
 * --batches 1,4,8 --parallelism 2 [--rates 50,90 --max FPS --seconds S --drain-seconds S
 * --warm-up-seconds S]}.
 */
record ContestantArgs(Map<String, String> values) {

    static ContestantArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new ContestantArgs(values);
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, String.valueOf(fallback)));
    }

    String workload() {
        return get("workload");
    }

    String model() {
        return get("model");
    }

    Path framesDir() {
        return Path.of(get("frames"));
    }

    int parallelism() {
        return integer("parallelism", 2);
    }

    List<Integer> batches() {
        return Arrays.stream(get("batches", "16").split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Frames for one maximum-throughput job of a streaming contestant: the workload's frames,
     * replayed until the job drains for at least {@code --drain-seconds} (default 10) at the rate
     * its warm-up job reached. A job that drains for two seconds measures its own start (tasks
     * scheduled one after another, code still being compiled) more than its throughput, and such
     * figures moved goals across their line between one run and the next.
     */
    private int drainFrames(int frames, double warmUpFramesPerSecond) {
        double seconds = Double.parseDouble(get("drain-seconds", "10"));
        return Math.max(frames, (int) Math.ceil(warmUpFramesPerSecond * seconds));
    }

    /**
     * One unmeasured or measured job of a streaming contestant: drains frames, returns frames/s.
     */
    @FunctionalInterface
    interface DrainJob {
        double drain(int frames, String name) throws Exception;
    }

    /** Unmeasured jobs at most, whatever their time: each later one is longer than the last. */
    static final int MAX_WARM_UP_JOBS = 4;

    /**
     * Runs unmeasured jobs until they have drained for {@code --warm-up-seconds} (default 30) in
     * all or {@link #MAX_WARM_UP_JOBS} have run, and returns the frames each measured job drains
     * ({@link #drainFrames}, at the last warm-up job's rate). A streaming contestant's process
     * compiles Flink's, Kafka's and Avro's code for minutes: with one short warm-up job, each
     * measured job still ran faster than the ones before (1.8× from the first to the eighth in one
     * quick run), and the first ones are those the goals read.
     */
    int warmUp(int frames, DrainJob job) throws Exception {
        double target = Double.parseDouble(get("warm-up-seconds", "30"));
        double fps = job.drain(frames, "warm-up-0");
        double seconds = frames / fps;
        for (int i = 1; seconds < target && i < MAX_WARM_UP_JOBS; i++) {
            int more = Math.max(frames, (int) Math.ceil(fps * (target - seconds)));
            fps = job.drain(more, "warm-up-" + i);
            seconds += more / fps;
        }
        return drainFrames(frames, fps);
    }

    /** The frame files of the workload, sorted by name. */
    List<Path> frameFiles() throws IOException {
        return frameFiles(framesDir());
    }

    /** Every frame's encoded bytes, read before anything is timed. */
    List<byte[]> frameBytes() throws IOException {
        return frameBytes(framesDir());
    }

    static List<Path> frameFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static List<byte[]> frameBytes(Path dir) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (Path file : frameFiles(dir)) {
            frames.add(Files.readAllBytes(file));
        }
        return frames;
    }
}
