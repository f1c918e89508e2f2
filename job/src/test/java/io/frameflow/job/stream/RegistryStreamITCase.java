package io.frameflow.job.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.registry.ConfluentWireFormat;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.produce.ProduceStats;
import io.frameflow.job.testutils.LocalSchemaRegistry;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.RegistryAwareReader;
import io.frameflow.job.testutils.StreamJobs;
import io.frameflow.job.testutils.Topics;
import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job with {@code kafka.wire-format: confluent} against a real schema registry
 * (Apicurio Registry) and a real Kafka broker: the producer CLI's frames in the Confluent wire
 * format, the job on a MiniCluster started while the registry is down, and its predictions and dead
 * letters read back by a plain registry-aware consumer with {@code read_committed}.
 */
class RegistryStreamITCase {

    private static final int PARALLELISM = 2;
    private static final int FRAMES = 300;
    private static final int CORRUPT_EVERY = 50;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.withSlots(PARALLELISM);

    private static LocalKafkaBroker kafka;
    private static LocalSchemaRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<LocalSchemaRegistry> starting =
                CompletableFuture.supplyAsync(LocalSchemaRegistry::start);
        kafka = LocalKafkaBroker.start();
        registry = starting.get();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        kafka.close();
    }

    @Test
    void registryFramedFramesGiveRegistryFramedPredictionsEveryIdOnceThroughARegistryOutage()
            throws Exception {
        String prefix = "registry";
        TopicCreation.create(
                kafka.bootstrapServers(),
                PARALLELISM,
                prefix + "-frames",
                prefix + "-predictions",
                prefix + "-dlq");
        FrameflowConfig config = config(prefix);
        ProduceStats produced = produce(config, prefix + "-frames");
        sendWithUnknownSchemaId(prefix + "-frames");

        // The job starts while the registry is down: its reader waits, nothing fails or is lost.
        registry.stop();
        JobClient job =
                StreamJobs.start(config, PARALLELISM, "frameflow-registry", events -> events);
        Thread.sleep(8_000);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        registry.restart();

        long records = produced.frames() + 1;
        long valid = produced.frames() - produced.damaged();
        RegistryAwareReader reader = new RegistryAwareReader(registry.url());
        List<GenericRecord> predictions =
                Topics.readCommitted(
                        kafka.bootstrapServers(),
                        prefix + "-predictions",
                        reader::read,
                        list -> list.size() >= valid,
                        Duration.ofMinutes(3));
        List<GenericRecord> deadLetters =
                Topics.readCommitted(
                        kafka.bootstrapServers(),
                        prefix + "-dlq",
                        reader::read,
                        list -> list.size() >= records - predictions.size(),
                        Duration.ofMinutes(1));
        JobStatus status = job.getJobStatus().get();
        job.cancel().get();

        assertThat(status).as("no task failed (restarts are off)").isEqualTo(JobStatus.RUNNING);
        Map<String, Long> perEvent =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        p -> p.get("eventId").toString(), Collectors.counting()));
        assertThat(produced.damaged()).isEqualTo(FRAMES / CORRUPT_EVERY);
        assertThat(predictions).as("predictions").hasSize((int) valid);
        assertThat(perEvent.values()).as("predictions per event id").containsOnly(1L);
        assertThat(predictions.size() + deadLetters.size()).isEqualTo(records);
        Map<String, List<String>> reasonsByStage =
                deadLetters.stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.get("stage").toString(),
                                        Collectors.mapping(
                                                d -> d.get("errorMessage").toString(),
                                                Collectors.toList())));
        // The producer damages every 50th frame in turn: truncated image, garbage image, non-Avro.
        assertThat(reasonsByStage.get("DECODE")).hasSize(4);
        assertThat(reasonsByStage.get("DESERIALIZE"))
                .hasSize(3)
                .filteredOn(m -> m.startsWith("Not the Confluent wire format: magic byte"))
                .hasSize(2);
        assertThat(reasonsByStage.get("DESERIALIZE"))
                .filteredOn(m -> m.startsWith("Unknown schema id 424242"))
                .hasSize(1);
        assertThat(reader.subjects())
                .contains(
                        prefix + "-frames-value",
                        prefix + "-predictions-value",
                        prefix + "-dlq-value");
        System.out.printf(
                "REGISTRY STREAM: %d records in, %d predictions, %d dead letters%n",
                records, predictions.size(), deadLetters.size());
    }

    private static FrameflowConfig config(String prefix) {
        Configuration conf = StreamJobs.configuration(kafka.bootstrapServers(), prefix);
        conf.set(FrameflowOptions.WIRE_FORMAT, WireFormat.CONFLUENT);
        conf.set(FrameflowOptions.SCHEMA_REGISTRY_URL, registry.url());
        conf.set(FrameflowOptions.RESTART_ATTEMPTS, 0);
        return FrameflowConfig.of(conf);
    }

    /** The producer CLI's path: the configured codec, some frames damaged on purpose. */
    private static ProduceStats produce(FrameflowConfig config, String topic) throws Exception {
        return new FrameProducer(
                        config.kafkaProperties(),
                        topic,
                        StreamPipeline.codec(config, topic, ImageEvent.class),
                        new FrameProducer.Settings(4, 0, false, FRAMES, CORRUPT_EVERY))
                .run(
                        () -> new FashionMnistFrames(FashionMnist.testSet()),
                        new AtomicBoolean(),
                        null);
    }

    private static void sendWithUnknownSchemaId(String topic) throws Exception {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(424242, value);
        value.write(new byte[] {2, 'x', 2, 'y', 10});
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value.toByteArray())).get();
        }
    }
}
