package io.frameflow.it.bench;

import io.frameflow.event.Prediction;
import io.frameflow.event.Timings;
import io.frameflow.it.StreamRun;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.produce.FolderFrames;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * Contestant 4, Frameflow {@code stream}: Kafka → decode → micro-batching classifier → Kafka,
 * exactly-once (checkpoints every second, transactional sink), on a MiniCluster in this JVM with a
 * real KRaft broker. Maximum throughput per batch size from a topic filled beforehand (first to
 * last prediction emitted); then latency, event time to prediction, at the given fractions of the
 * default batch size's maximum, the frames produced at that rate.
 */
public final class StreamContestant {

    /**
     * Cameras the frames are spread over. The producer keys records by camera, so one camera's
     * frames stay in order on one partition, and one camera would keep every subtask but one idle;
     * sixteen spread the frames over the partitions.
     */
    private static final int CAMERAS = 16;

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * The stream with one setting changed from its default, at the default batch size: what each
     * setting buys (the report's A/B table). The default runs again among them, and the set runs
     * {@link #VARIANT_ROUNDS} times in turn, so that the JIT's warm-up and the machine's drift hit
     * every variant alike.
     */
    enum Variant {
        DEFAULT("default", conf -> {}),
        /** A worker thread classifies batch n while the task thread decodes batch n + 1. */
        IN_FLIGHT_ONE("in-flight 1", conf -> conf.set(FrameflowOptions.IN_FLIGHT_BATCHES, 1)),
        /** No model-control input: decode and classify chain into one task again. */
        NO_MODEL_CONTROL(
                "model control off", conf -> conf.set(FrameflowOptions.MODEL_CONTROL_TOPIC, ""));

        private final String label;
        private final Consumer<Configuration> change;

        Variant(String label, Consumer<Configuration> change) {
            this.label = label;
            this.change = change;
        }

        /** The contestant name of its figures. */
        String contestant() {
            return BenchmarkReport.STREAM + " (" + label + ")";
        }
    }

    static final int VARIANT_ROUNDS = 2;

    private StreamContestant() {}

    public static void main(String[] argv) throws Exception {
        ContestantArgs args = ContestantArgs.parse(argv);
        int frames = args.frameFiles().size();
        int defaultBatch = args.integer("default-batch", 16);
        double seconds = Double.parseDouble(args.get("seconds", "20"));
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            if (args.values().containsKey("load")) {
                contentionRun(broker, args, frames, defaultBatch);
                return;
            }
            // Unmeasured jobs first, like the other contestants' warm-up rounds: the first jobs
            // of a process run with Flink's, Kafka's and Avro's code not yet compiled.
            int drainFrames =
                    args.warmUp(
                            frames,
                            (count, name) ->
                                    drain(broker, name, args, count, defaultBatch, conf -> {})
                                            .framesPerSecond());
            double defaultMax = 0;
            // One failed measurement must not cost the others.
            for (int batch : args.batches()) {
                try {
                    double fps = maxRun(broker, args, drainFrames, batch);
                    if (batch == defaultBatch) {
                        defaultMax = fps;
                    }
                } catch (Exception e) {
                    System.out.println("  measurement failed: batch " + batch + ": " + e);
                }
            }
            for (int round = 0; round < VARIANT_ROUNDS; round++) {
                for (Variant variant : Variant.values()) {
                    try {
                        variantRun(broker, args, drainFrames, defaultBatch, variant, round);
                    } catch (Exception e) {
                        System.out.println(
                                "  measurement failed: " + variant.contestant() + ": " + e);
                    }
                }
            }
            for (String fraction : args.get("loads", "50,90").split(",")) {
                double rate = defaultMax * Integer.parseInt(fraction) / 100.0;
                try {
                    if (rate > 0) {
                        latencyRun(broker, args, fraction, rate, seconds, defaultBatch).print();
                    }
                } catch (Exception e) {
                    System.out.println("  measurement failed: " + fraction + "% load: " + e);
                }
            }
        }
    }

    /** Maximum throughput at one batch size, from a topic filled before the job starts. */
    private static double maxRun(
            LocalKafkaBroker broker, ContestantArgs args, int frames, int batch) throws Exception {
        Drained drained = drain(broker, "max-b" + batch, args, frames, batch, conf -> {});
        Measurement.throughput(
                        args.workload(),
                        "frameflow-stream",
                        batch,
                        drained.frames(),
                        drained.framesPerSecond(),
                        drained.usage(),
                        "exactly-once, parallelism " + args.parallelism())
                .print();
        return drained.framesPerSecond();
    }

    /** Maximum throughput at the default batch size with one setting changed. */
    private static void variantRun(
            LocalKafkaBroker broker,
            ContestantArgs args,
            int frames,
            int batch,
            Variant variant,
            int round)
            throws Exception {
        Drained drained =
                drain(
                        broker,
                        "variant-" + variant.ordinal() + "-" + round,
                        args,
                        frames,
                        batch,
                        variant.change);
        Measurement.throughput(
                        args.workload(),
                        variant.contestant(),
                        batch,
                        drained.frames(),
                        drained.framesPerSecond(),
                        drained.usage(),
                        "exactly-once, parallelism " + args.parallelism())
                .print();
    }

    /**
     * The contention scenario's figure: maximum throughput at the default batch size, labelled
     * quiet or with a CPU hog beside it, and the OpenMP wait policy libtorch ran with.
     */
    private static void contentionRun(
            LocalKafkaBroker broker, ContestantArgs args, int frames, int batch) throws Exception {
        Drained drained = drain(broker, "contention", args, frames, batch, conf -> {});
        new Measurement(
                        args.workload(),
                        "frameflow-stream",
                        args.get("load"),
                        batch,
                        drained.frames(),
                        drained.framesPerSecond(),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        drained.usage().cores(),
                        drained.usage().peakRssMb(),
                        ContentionScenario.policyNote(PyTorchRuntime.waitPolicy())
                                + ", parallelism "
                                + args.parallelism())
                .print();
    }

    /** A topic filled first, then drained by the job: frames/s from first to last prediction. */
    private static Drained drain(
            LocalKafkaBroker broker,
            String prefix,
            ContestantArgs args,
            int frames,
            int batch,
            Consumer<Configuration> change)
            throws Exception {
        StreamRun run = run(broker, prefix, args);
        produce(run, args, frames, 0);
        ProcessUsage.Window usage = ProcessUsage.startSampled();
        JobClient job = start(run, args, batch, change);
        List<Prediction> out = run.awaitPredictions(frames, TIMEOUT);
        usage.stop();
        job.cancel().get();
        long first = out.stream().mapToLong(Prediction::getEmitTime).min().orElse(0);
        long last = out.stream().mapToLong(Prediction::getEmitTime).max().orElse(1);
        // CPU over the same interval as the frames/s: not the job's start nor the last commit.
        usage.narrowTo(first, last);
        return new Drained(
                out.size(), (out.size() - 1) * 1000.0 / Math.max(1, last - first), usage);
    }

    private record Drained(int frames, double framesPerSecond, ProcessUsage.Window usage) {}

    /** Latency with frames produced at {@code rate}, after a warm-up the figures leave out. */
    private static Measurement latencyRun(
            LocalKafkaBroker broker,
            ContestantArgs args,
            String percent,
            double rate,
            double seconds,
            int batch)
            throws Exception {
        StreamRun run = run(broker, "load" + percent, args);
        JobClient job = start(run, args, batch, conf -> {});
        int warmUp = 4 * batch;
        produce(run, args, warmUp, 0);
        run.awaitPredictions(warmUp, TIMEOUT);
        int frames = (int) Math.max(20, rate * seconds);
        ProcessUsage.Window usage = ProcessUsage.start();
        produce(run, args, frames, rate);
        List<Timings> measured =
                run.awaitPredictions(warmUp + frames, TIMEOUT).stream()
                        .sorted(Comparator.comparingLong(Prediction::getEventTime))
                        .skip(warmUp)
                        .map(Prediction::getTimings)
                        .toList();
        usage.stop();
        job.cancel().get();
        List<Long> latencies = sorted(measured, Timings::getEndToEndMillis);
        // Where the time goes: before the classifier (producer, Kafka, deserialising, decoding),
        // waiting in the classifier for the batch to start, and the batch's inference.
        List<Long> queueWait = sorted(measured, t -> t.getQueueWaitMicros() / 1000);
        List<Long> inference = sorted(measured, t -> t.getInferenceMicros() / 1000);
        List<Long> beforeClassifier =
                sorted(
                        measured,
                        t ->
                                t.getEndToEndMillis()
                                        - (t.getQueueWaitMicros() + t.getInferenceMicros()) / 1000);
        // The benchmark draws the latency CDF from these.
        Files.write(
                Path.of(args.get("latency-dir"))
                        .resolve("latency-" + args.workload() + "-" + percent + ".txt"),
                latencies.stream().map(String::valueOf).toList());
        return new Measurement(
                args.workload(),
                "frameflow-stream",
                percent + "%",
                batch,
                latencies.size(),
                rate,
                percentile(latencies, 0.50),
                percentile(latencies, 0.95),
                percentile(latencies, 0.99),
                usage.cores(),
                usage.peakRssMb(),
                String.format(
                        Locale.ROOT,
                        "offered %.1f frames/s for %.0f s; p50/p99 ms: Kafka hop and decode"
                                + " %.0f/%.0f, queue wait %.0f/%.0f, inference %.0f/%.0f",
                        rate,
                        seconds,
                        percentile(beforeClassifier, 0.50),
                        percentile(beforeClassifier, 0.99),
                        percentile(queueWait, 0.50),
                        percentile(queueWait, 0.99),
                        percentile(inference, 0.50),
                        percentile(inference, 0.99)));
    }

    private static StreamRun run(LocalKafkaBroker broker, String prefix, ContestantArgs args)
            throws Exception {
        return new StreamRun(broker.bootstrapServers(), prefix, args.parallelism());
    }

    private static JobClient start(
            StreamRun run, ContestantArgs args, int batch, Consumer<Configuration> change)
            throws Exception {
        Configuration conf = run.configuration();
        conf.set(FrameflowOptions.MODEL, args.model());
        conf.set(FrameflowOptions.BATCH_SIZE, batch);
        change.accept(conf);
        return run.start(conf, args.parallelism(), UnaryOperator.identity());
    }

    private static void produce(StreamRun run, ContestantArgs args, int count, double fps)
            throws Exception {
        Path dir = args.framesDir();
        run.produce(count, fps, CAMERAS, () -> new FolderFrames(dir));
    }

    private static List<Long> sorted(List<Timings> timings, ToLongFunction<Timings> value) {
        return timings.stream().map(value::applyAsLong).sorted().toList();
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
