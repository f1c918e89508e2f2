package io.frameflow.job.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.testutils.KafkaBrokerExtension;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.StreamJobs;
import io.frameflow.job.testutils.Topics;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.eval.Evaluator;
import io.frameflow.zoo.model.BundledModel;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job end to end on a Flink MiniCluster and a real Kafka broker: frames in,
 * predictions and dead letters out, read with {@code read_committed}.
 */
class StreamJobITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.withSlots(PARALLELISM);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final EventCodec<ImageEvent> EVENTS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);
    private static final EventCodec<Prediction> PREDICTIONS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class);
    private static final EventCodec<DeadLetter> DEAD_LETTERS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, DeadLetter.class);

    @Test
    void twoThousandFashionMnistFramesGiveOnePredictionEachAtTheModelsAccuracy() throws Exception {
        String prefix = "fm2000";
        createTopics(prefix);
        JobClient job = startJob(prefix, Function.identity());
        produceFashionMnist(prefix + "-frames", 2000);

        List<Prediction> predictions =
                readPredictions(prefix, list -> list.size() >= 2000, Duration.ofMinutes(4));
        job.cancel().get();

        Map<String, Long> perEvent =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getEventId, Collectors.counting()));
        assertThat(predictions).as("predictions").hasSize(2000);
        assertThat(perEvent).as("distinct event ids").hasSize(2000);
        assertThat(perEvent.values()).as("predictions per event id").containsOnly(1L);
        double accuracy =
                predictions.stream()
                                .filter(
                                        p ->
                                                p.getTopK()
                                                        .get(0)
                                                        .getLabel()
                                                        .equals(p.getGroundTruth()))
                                .count()
                        / 2000.0;
        double expected;
        try (ClassifierModel model = ModelLoader.load(BundledModel.FLOAT.spec())) {
            expected = Evaluator.accuracy(model, FashionMnist.testSet(), 2000, 64).accuracy();
        }
        assertThat(accuracy).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
        report(predictions, accuracy, expected);
    }

    @Test
    void mixedInputReconcilesAndEachDeadLetterHasItsStage() throws Exception {
        String prefix = "mixed";
        createTopics(prefix);
        JobClient job = startJob(prefix, Function.identity());
        FashionMnistFrames frames = new FashionMnistFrames(FashionMnist.testSet());
        Map<String, Stage> expectedStage = new HashMap<>();
        int records = 0;
        int valid = 0;
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA.broker().bootstrapServers());
        try (var producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 200; i++) {
                byte[] png = frames.next().orElseThrow().bytes();
                ImageEvent event = event("m-" + i, png);
                switch (i % 10) {
                    case 1 -> {
                        event.setPayload(ByteBuffer.wrap(Arrays.copyOf(png, png.length / 2)));
                        expectedStage.put(event.getId(), Stage.DECODE);
                    }
                    case 2 -> {
                        event.setPayload(
                                ByteBuffer.wrap("garbage".getBytes(StandardCharsets.UTF_8)));
                        expectedStage.put(event.getId(), Stage.DECODE);
                    }
                    case 3 -> {
                        event.setPayload(null);
                        expectedStage.put(event.getId(), Stage.VALIDATE);
                    }
                    case 4 -> {
                        event.setPayload(null);
                        event.setUri("file:/etc/passwd");
                        expectedStage.put(event.getId(), Stage.FETCH);
                    }
                    default -> valid++;
                }
                producer.send(new ProducerRecord<>(prefix + "-frames", EVENTS.encode(event)));
                records++;
                if (i % 20 == 5) {
                    byte[] encoded = EVENTS.encode(event("t-" + i, png));
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + "-frames",
                                    Arrays.copyOf(encoded, encoded.length / 3)));
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + "-frames",
                                    ("garbage " + i).getBytes(StandardCharsets.UTF_8)));
                    records += 2;
                }
            }
        }
        int total = records;
        int expectedPredictions = valid;
        List<Prediction> predictions =
                readPredictions(
                        prefix, list -> list.size() >= expectedPredictions, Duration.ofMinutes(3));
        List<DeadLetter> deadLetters =
                readDeadLetters(
                        prefix,
                        list -> list.size() >= total - predictions.size(),
                        Duration.ofMinutes(2));
        job.cancel().get();

        assertThat(predictions).hasSize(valid);
        assertThat(predictions.size() + deadLetters.size()).isEqualTo(records);
        List<DeadLetter> undecodable =
                deadLetters.stream().filter(d -> d.getEventId() == null).toList();
        assertThat(undecodable)
                .hasSize(20)
                .allSatisfy(
                        d -> {
                            assertThat(d.getStage()).isEqualTo(Stage.DESERIALIZE);
                            assertThat(d.getCoordinates().getTopic()).isEqualTo(prefix + "-frames");
                            assertThat(d.getCoordinates().getOffset()).isNotNull();
                            assertThat(d.getPayload()).isNotNull();
                        });
        for (DeadLetter d : deadLetters) {
            if (d.getEventId() != null) {
                assertThat(d.getStage())
                        .as(d.getEventId() + ": " + d.getErrorMessage())
                        .isEqualTo(expectedStage.get(d.getEventId()));
            }
        }
        assertThat(deadLetters.stream().filter(d -> d.getEventId() != null).count())
                .isEqualTo(expectedStage.size());
    }

    @Test
    void aTaskFailureAfterACompletedCheckpointLosesAndDuplicatesNothing() throws Exception {
        String prefix = "failover";
        createTopics(prefix);
        FailOnceAfterCheckpoint.reset();
        JobClient job =
                startJob(
                        prefix,
                        events ->
                                events.map(
                                                new FailOnceAfterCheckpoint(),
                                                new AvroTypeInfo<>(ImageEvent.class))
                                        .uid("fail-once")
                                        .name("Fail once after a checkpoint"));
        produceFashionMnist(prefix + "-frames", 500);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!FailOnceAfterCheckpoint.CHECKPOINT_DONE.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(FailOnceAfterCheckpoint.CHECKPOINT_DONE).as("a checkpoint completed").isTrue();
        produceFashionMnist(prefix + "-frames", 500); // the injected failure happens among these

        List<Prediction> predictions =
                readPredictions(prefix, list -> list.size() >= 1000, Duration.ofMinutes(4));
        job.cancel().get();

        if (predictions.size() != 1000) {
            List<DeadLetter> letters =
                    readDeadLetters(prefix, list -> false, Duration.ofSeconds(5));
            letters.forEach(
                    d ->
                            System.out.println(
                                    "DEAD LETTER "
                                            + d.getEventId()
                                            + " "
                                            + d.getStage()
                                            + " "
                                            + d.getErrorMessage()));
        }
        assertThat(FailOnceAfterCheckpoint.FAILURES).as("injected failures").hasValue(1);
        Map<String, Long> perEvent =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getEventId, Collectors.counting()));
        assertThat(predictions).as("predictions").hasSize(1000);
        assertThat(perEvent.values()).as("predictions per event id").containsOnly(1L);
    }

    private static void createTopics(String prefix) throws Exception {
        TopicCreation.create(
                KAFKA.broker().bootstrapServers(),
                PARALLELISM,
                prefix + "-frames",
                prefix + "-predictions",
                prefix + "-dlq");
    }

    private static List<Prediction> readPredictions(
            String prefix, java.util.function.Predicate<List<Prediction>> done, Duration timeout)
            throws Exception {
        return Topics.readCommitted(
                KAFKA.broker().bootstrapServers(),
                prefix + "-predictions",
                PREDICTIONS,
                done,
                timeout);
    }

    private static List<DeadLetter> readDeadLetters(
            String prefix, java.util.function.Predicate<List<DeadLetter>> done, Duration timeout)
            throws Exception {
        return Topics.readCommitted(
                KAFKA.broker().bootstrapServers(), prefix + "-dlq", DEAD_LETTERS, done, timeout);
    }

    private static JobClient startJob(
            String prefix,
            Function<
                            org.apache.flink.streaming.api.datastream.DataStream<ImageEvent>,
                            org.apache.flink.streaming.api.datastream.DataStream<ImageEvent>>
                    hook)
            throws Exception {
        Configuration conf = StreamJobs.configuration(KAFKA.broker().bootstrapServers(), prefix);
        conf.set(FrameflowOptions.RESTART_DELAY, Duration.ofMillis(500));
        return StreamJobs.start(
                FrameflowConfig.of(conf), PARALLELISM, "frameflow-" + prefix, hook::apply);
    }

    private static void produceFashionMnist(String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA.broker().bootstrapServers());
        new FrameProducer(props, topic, EVENTS, new FrameProducer.Settings(4, 0, false, count, 0))
                .run(
                        () -> new FashionMnistFrames(FashionMnist.testSet()),
                        new AtomicBoolean(),
                        null);
    }

    private static ImageEvent event(String id, byte[] payload) {
        return ImageEvent.newBuilder()
                .setId(id)
                .setSourceId("camera-0")
                .setEventTime(System.currentTimeMillis())
                .setPayload(ByteBuffer.wrap(payload))
                .setAttributes(new HashMap<>())
                .build();
    }

    private static void report(List<Prediction> predictions, double accuracy, double expected) {
        long first = predictions.stream().mapToLong(Prediction::getEmitTime).min().orElse(0);
        long last = predictions.stream().mapToLong(Prediction::getEmitTime).max().orElse(0);
        long[] latencies =
                predictions.stream()
                        .mapToLong(p -> p.getTimings().getEndToEndMillis())
                        .sorted()
                        .toArray();
        System.out.printf(
                "STREAM 2000 frames: accuracy %.4f (model %.4f), throughput %.1f frames/s,"
                        + " end-to-end latency p50 %d ms, p99 %d ms%n",
                accuracy,
                expected,
                predictions.size() * 1000.0 / Math.max(1, last - first),
                latencies[latencies.length / 2],
                latencies[(int) (latencies.length * 0.99)]);
    }

    /** Throws once, on the first element after the first completed checkpoint. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<ImageEvent, ImageEvent>
            implements CheckpointListener {
        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicBoolean CHECKPOINT_DONE = new AtomicBoolean();

        static void reset() {
            FAILURES.set(0);
            CHECKPOINT_DONE.set(false);
        }

        @Override
        public ImageEvent map(ImageEvent event) {
            if (CHECKPOINT_DONE.get() && FAILURES.compareAndSet(0, 1)) {
                throw new IllegalStateException("Injected failure after a completed checkpoint");
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINT_DONE.set(true);
        }
    }
}
