package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile or odd input the streaming job may meet, through the real job on a MiniCluster and
 * a real broker, with restarts disabled: the job must neither fail nor restart, each input gets
 * exactly its expected outcome, and predictions + dead letters = records in.
 */
class HostileInputsITCase {

    private static final long MAX_BYTES = 256 * 1024;
    private static final EventCodec<ImageEvent> EVENTS =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @TempDir Path allowedRoot;

    @Test
    void everyHostileInputGetsItsExpectedOutcomeAndTheJobNeverRestarts() throws Exception {
        List<HostileInputs.Case> cases = new HostileInputs(EVENTS, allowedRoot).all(MAX_BYTES);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            TopicCreation.create(
                    kafka.bootstrapServers(),
                    2,
                    "hostile-frames",
                    "hostile-predictions",
                    "hostile-dlq");
            Configuration conf = new Configuration();
            conf.set(FrameflowOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(FrameflowOptions.INPUT_TOPIC, "hostile-frames");
            conf.set(FrameflowOptions.OUTPUT_TOPIC, "hostile-predictions");
            conf.set(FrameflowOptions.DEAD_LETTER_TOPIC, "hostile-dlq");
            conf.set(FrameflowOptions.TRANSACTIONAL_ID_PREFIX, "hostile");
            conf.set(FrameflowOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
            conf.set(FrameflowOptions.RESTART_ATTEMPTS, 0);
            conf.set(FrameflowOptions.ALLOWED_ROOTS, List.of(allowedRoot.toUri().toString()));
            conf.setString(FrameflowOptions.MAX_IMAGE_BYTES.key(), MAX_BYTES + "b");
            FrameflowConfig config = FrameflowConfig.of(conf);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            StreamEnvironment.configure(env, config);
            StreamPipeline.build(env, config);
            JobClient job = env.executeAsync("hostile inputs");

            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            props.put("max.request.size", "2000000");
            try (var producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (HostileInputs.Case c : cases) {
                    producer.send(new ProducerRecord<>("hostile-frames", c.value())).get();
                }
            }
            List<Prediction> predictions =
                    Topics.readCommitted(
                            kafka.bootstrapServers(),
                            "hostile-predictions",
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                            list -> list.size() >= expectedPredictions(cases),
                            Duration.ofMinutes(2));
            List<DeadLetter> deadLetters =
                    Topics.readCommitted(
                            kafka.bootstrapServers(),
                            "hostile-dlq",
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, DeadLetter.class),
                            list -> list.size() >= cases.size() - predictions.size(),
                            Duration.ofMinutes(1));
            JobStatus status = job.getJobStatus().get();
            job.cancel().get();

            assertThat(status)
                    .as("the job neither failed nor restarted (restarts are disabled)")
                    .isEqualTo(JobStatus.RUNNING);
            Map<String, String> outcomeById = new HashMap<>();
            predictions.forEach(p -> outcomeById.put(p.getEventId(), "prediction"));
            Map<String, String> reasonById = new HashMap<>();
            for (DeadLetter d : deadLetters) {
                if (d.getEventId() != null) {
                    outcomeById.put(d.getEventId(), d.getStage().name());
                    reasonById.put(d.getEventId(), d.getErrorMessage());
                }
            }
            Map<String, String> expected = new java.util.TreeMap<>();
            Map<String, String> actual = new java.util.TreeMap<>();
            System.out.println("HOSTILE INPUTS: case | expected | outcome | reason");
            for (HostileInputs.Case c : cases) {
                String want = c.expected() == null ? "prediction" : c.expected().name();
                String got =
                        c.eventId() == null
                                ? want + " (counted below)"
                                : outcomeById.get(c.eventId());
                System.out.printf(
                        "%s | %s | %s | %s%n",
                        c.name(),
                        want,
                        got,
                        c.eventId() == null ? "" : reasonById.getOrDefault(c.eventId(), ""));
                if (c.eventId() != null) {
                    expected.put(c.name(), want);
                    actual.put(c.name(), String.valueOf(got));
                }
            }
            assertThat(actual).as("outcome of each input").isEqualTo(expected);
            assertThat(predictions.size()).as("predictions").isEqualTo(expectedPredictions(cases));
            assertThat(deadLetters.stream().filter(d -> d.getEventId() == null))
                    .as("dead letters of records that were not events")
                    .hasSize((int) cases.stream().filter(c -> c.eventId() == null).count())
                    .allSatisfy(
                            d -> {
                                assertThat(d.getStage()).isEqualTo(Stage.DESERIALIZE);
                                assertThat(d.getCoordinates().getOffset()).isNotNull();
                            });
            assertThat(predictions.size() + deadLetters.size())
                    .as("predictions + dead letters = records in")
                    .isEqualTo(cases.size());
            Map<String, Long> perId =
                    predictions.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            Prediction::getEventId, Collectors.counting()));
            assertThat(perId.values()).containsOnly(1L);
        }
    }

    private static int expectedPredictions(List<HostileInputs.Case> cases) {
        return (int) cases.stream().filter(c -> c.expected() == null).count();
    }
}
