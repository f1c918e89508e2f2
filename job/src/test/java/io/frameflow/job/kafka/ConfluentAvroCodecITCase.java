package io.frameflow.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import io.frameflow.event.Prediction;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import io.frameflow.event.Timings;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.registry.ConfluentWireFormat;
import io.frameflow.job.kafka.registry.SchemaRegistryException;
import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import io.frameflow.job.kafka.registry.SubjectNameStrategy;
import io.frameflow.job.kafka.registry.UnknownSchemaException;
import io.frameflow.job.testutils.LocalSchemaRegistry;
import io.frameflow.job.testutils.RegistryAwareReader;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.operators.control.ModelLineup;
import io.frameflow.operators.control.ModelStatuses;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.deadletter.SourceAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Confluent wire format against a real schema registry (Apicurio Registry, started from its
 * Maven Central distribution, with basic auth and HTTPS): round trips checked by an independent
 * registry-aware reader, released and older producer schemas read through schema resolution, and
 * every way a record or the registry can be wrong.
 */
class ConfluentAvroCodecITCase {

    private static final String USER = "frameflow";
    private static final String PASSWORD = "registry-secret";

    private static LocalSchemaRegistry registry;
    private static RegistryAwareReader plain;

    @BeforeAll
    static void startRegistry() {
        registry = LocalSchemaRegistry.startSecured(USER, PASSWORD);
        plain = new RegistryAwareReader(registry.url(), USER, PASSWORD);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void eachEventTypeRoundTripsAndAPlainRegistryAwareReaderReadsIt() throws Exception {
        List<SpecificRecord> samples = List.of(imageEvent("rt-1"), prediction(), deadLetter());
        for (SpecificRecord sample : samples) {
            String topic = "round-trip-" + sample.getSchema().getName();
            EventCodec<SpecificRecord> codec = codecOf(settings(), topic, sample);

            byte[] value = codec.encode(sample);

            assertThat(value[0]).as("magic byte").isZero();
            assertThat(RegistryAwareReader.schemaId(value))
                    .as("the id of subject %s-value", topic)
                    .isEqualTo(plain.latestId(topic + "-value"));
            assertThat(plain.read(value).toString()).isEqualTo(generic(sample).toString());
            assertThat(codec.decode(value)).isEqualTo(sample);
        }
    }

    @Test
    void writersRegisterUnderEachSubjectNameStrategy() throws Exception {
        for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
            codec(settings().withSubjectNameStrategy(strategy), "strategies", Prediction.class)
                    .encode(prediction());
        }

        assertThat(plain.subjects())
                .contains(
                        "strategies-value",
                        "io.frameflow.event.Prediction",
                        "strategies-io.frameflow.event.Prediction");
    }

    @Test
    void lookUpOnlyWritersUseTheRegisteredIdAndRefuseAnUnregisteredSchema() throws Exception {
        SchemaRegistrySettings lookUpOnly = settings().withAutoRegister(false);

        assertThatThrownBy(
                        () ->
                                codec(lookUpOnly, "look-up", ImageEvent.class)
                                        .encode(imageEvent("l")))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("not registered under subject 'look-up-value'")
                .hasMessageContaining("schema-registry.auto-register is false");

        int id = plain.register("look-up-value", null, ImageEvent.getClassSchema().toString());
        byte[] value = codec(lookUpOnly, "look-up", ImageEvent.class).encode(imageEvent("l"));
        assertThat(RegistryAwareReader.schemaId(value)).isEqualTo(id);
    }

    @Test
    void recordsOfEveryReleasedSchemaVersionAreReadWithTheCurrentSchema() throws Exception {
        Path history = Path.of(System.getProperty("frameflow.schema-history"));
        Map<String, SpecificRecord> samples =
                Map.of(
                        "ImageEvent", imageEvent("h-1"),
                        "Prediction", prediction(),
                        "DeadLetter", deadLetter(),
                        "ModelDescriptor", modelDescriptor(),
                        "ModelStatus", modelStatus());
        List<Path> versions;
        try (Stream<Path> files = Files.list(history)) {
            versions = files.sorted().toList();
        }
        assertThat(versions)
                .as("released schema versions in " + history)
                .hasSizeGreaterThanOrEqualTo(3);

        for (Path version : versions) {
            String file = version.getFileName().toString();
            SpecificRecord sample = samples.get(file.replaceAll("-v\\d+\\.avsc$", ""));
            Schema released = parse(version);
            byte[] value =
                    frame(
                            register("history-" + file.replace('.', '-'), released),
                            released,
                            project(sample, released));

            SpecificRecord read = codecOf(settings(), null, sample).decode(value);

            for (Schema.Field field : sample.getSchema().getFields()) {
                Object expected =
                        released.getField(field.name()) != null
                                ? sample.get(field.pos())
                                : GenericData.get().getDefaultValue(field);
                assertThat(read.get(field.pos())).as(file + " " + field.name()).isEqualTo(expected);
            }
        }
    }

    @Test
    void anOlderProducerSchemaIsReadWithDefaultsForWhatItLacks() throws Exception {
        Schema older = resource("ImageEvent-camera-ingest.avsc");
        GenericRecord record = new GenericData.Record(older);
        record.put("id", "cam-7-000001");
        record.put("sourceId", "cam-7");
        record.put("eventTime", 1_700_000_000_000L);
        record.put("exposureMicros", 8000);
        record.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] value = frame(register("camera-ingest-value", older), older, record);

        SourceRecord out = Deserialized.of(codec(settings(), null, ImageEvent.class), value);

        assertThat(out.deadLetter).isNull();
        assertThat(out.event.getId()).isEqualTo("cam-7-000001");
        assertThat(out.event.getSourceId()).isEqualTo("cam-7");
        assertThat(out.event.getEventTime()).isEqualTo(1_700_000_000_000L);
        assertThat(out.event.getPayload()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(out.event.getLabel()).isNull();
        assertThat(out.event.getContentType()).isNull();
        assertThat(out.event.getAttributes())
                .containsOnlyKeys(
                        SourceAttributes.TOPIC,
                        SourceAttributes.PARTITION,
                        SourceAttributes.OFFSET);
    }

    @Test
    void anIncompatibleSchemaIsADeadLetterNamingTheProblem() throws Exception {
        Schema incompatible = resource("ImageEvent-incompatible.avsc");
        GenericRecord record = new GenericData.Record(incompatible);
        record.put("id", "x-1");
        record.put("sourceId", "cam");
        record.put("eventTime", "yesterday");
        int id = register("incompatible-value", incompatible);

        SourceRecord out =
                Deserialized.of(
                        codec(settings(), null, ImageEvent.class), frame(id, incompatible, record));

        assertThat(out.event).as("never misread").isNull();
        assertThat(out.deadLetter.getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(out.deadLetter.getErrorMessage())
                .contains("Schema id " + id)
                .contains("cannot be read as io.frameflow.event.ImageEvent")
                .contains("eventTime: reader type: LONG not compatible with writer type: STRING");
    }

    @Test
    void anUnknownIdOrANonAvroSchemaIsADeadLetter() throws Exception {
        EventCodec<ImageEvent> codec = codec(settings(), null, ImageEvent.class);
        byte[] unknown = framed(987654, 2, 4, 6);
        int json =
                plain.register(
                        "json-value",
                        "JSON",
                        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                                + " \"type\": \"object\"}");
        byte[] jsonFramed = framed(json, 2, 4, 6);

        SourceRecord first = Deserialized.of(codec, unknown);
        SourceRecord again = Deserialized.of(codec, unknown);
        SourceRecord notAvro = Deserialized.of(codec, jsonFramed);

        assertThat(first.deadLetter.getErrorMessage())
                .contains("Unknown schema id 987654")
                .contains("40403");
        assertThat(again.deadLetter.getErrorMessage())
                .isEqualTo(first.deadLetter.getErrorMessage());
        assertThat(notAvro.deadLetter.getErrorMessage())
                .isEqualTo("Schema id " + json + " is a JSON schema, not Avro");
    }

    @Test
    void refusedCredentialsFailTheTaskInsteadOfMakingDeadLetters() throws Exception {
        byte[] value = codec(settings(), "credentials", ImageEvent.class).encode(imageEvent("c"));
        SchemaRegistrySettings wrong =
                settings()
                        .withProperties(
                                Map.of(
                                        SchemaRegistrySettings.BASIC_AUTH_USER_INFO,
                                        USER + ":wrong"));

        assertThatThrownBy(() -> Deserialized.of(codec(wrong, null, ImageEvent.class), value))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void credentialsMayComeFromTheUrl() throws Exception {
        String url = registry.url().replace("http://", "http://" + USER + ":" + PASSWORD + "@");
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.of(url)
                        .withProperties(Map.of(SchemaRegistrySettings.BASIC_AUTH_SOURCE, "URL"));

        byte[] value = codec(settings, "url-credentials", ImageEvent.class).encode(imageEvent("u"));

        assertThat(plain.read(value).get("id").toString()).isEqualTo("u");
    }

    @Test
    void httpsWorksWithTheTrustStoreAndFailsAtOnceWithoutIt() throws Exception {
        Map<String, String> auth =
                Map.of(SchemaRegistrySettings.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD);
        Map<String, String> tls = new HashMap<>(auth);
        tls.put(SchemaRegistrySettings.TRUSTSTORE_LOCATION, registry.trustStore().toString());
        tls.put(SchemaRegistrySettings.TRUSTSTORE_PASSWORD, LocalSchemaRegistry.STORE_PASSWORD);
        tls.put(SchemaRegistrySettings.TRUSTSTORE_TYPE, "PKCS12");
        SchemaRegistrySettings https = SchemaRegistrySettings.of(registry.httpsUrl());

        byte[] value =
                codec(https.withProperties(tls), "tls", ImageEvent.class).encode(imageEvent("t"));
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                codec(https.withProperties(auth), null, ImageEvent.class)
                                        .decode(value))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("TLS handshake")
                .hasMessageContaining(SchemaRegistrySettings.TRUSTSTORE_LOCATION);

        assertThat(plain.read(value).get("id").toString()).isEqualTo("t");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("not retried for the minute of retry timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aSecondUrlIsUsedWhenTheFirstIsDown() throws Exception {
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.of("http://127.0.0.1:1/apis/ccompat/v7," + registry.url())
                        .withProperties(
                                Map.of(
                                        SchemaRegistrySettings.BASIC_AUTH_USER_INFO,
                                        USER + ":" + PASSWORD))
                        .withTimeouts(Duration.ofSeconds(5), Duration.ZERO);

        byte[] value = codec(settings, "failover", ImageEvent.class).encode(imageEvent("f"));

        assertThat(codec(settings, null, ImageEvent.class).decode(value).getId()).isEqualTo("f");
    }

    @Test
    void aRegistryDownAtStartIsWaitedForAndNothingIsMisreadOrLost() throws Exception {
        ImageEvent written = imageEvent("outage-1");
        byte[] value = codec(settings(), "outage", ImageEvent.class).encode(written);
        registry.stop();
        long stopped = System.nanoTime();
        // Fresh codecs, as a task (re)starting during the outage has: nothing cached.
        EventCodec<ImageEvent> reader = codec(settings(), null, ImageEvent.class);
        EventCodec<ImageEvent> writer = codec(settings(), "outage-new", ImageEvent.class);
        CompletableFuture<SourceRecord> read =
                CompletableFuture.supplyAsync(() -> Deserialized.of(reader, value));
        CompletableFuture<byte[]> write =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return writer.encode(imageEvent("outage-2"));
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        });

        Thread.sleep(3_000);
        assertThat(read).as("the reader waits for the registry").isNotDone();
        assertThat(write).as("the writer waits for the registry").isNotDone();
        registry.restart();
        SourceRecord out = read.get(2, TimeUnit.MINUTES);
        byte[] newValue = write.get(2, TimeUnit.MINUTES);
        double waited = (System.nanoTime() - stopped) / 1e9;

        assertThat(out.deadLetter).as("no dead letter for an outage").isNull();
        assertThat(out.event.getId()).isEqualTo("outage-1");
        assertThat(out.event.getPayload()).isEqualTo(written.getPayload());
        assertThat(plain.read(newValue).get("id").toString()).isEqualTo("outage-2");
        assertThat(plain.subjects()).contains("outage-new-value");
        System.out.printf(
                "REGISTRY OUTAGE: reader and writer waited %.1f s, then succeeded%n", waited);
    }

    // ---- helpers

    private static SchemaRegistrySettings settings() {
        return SchemaRegistrySettings.of(registry.url())
                .withProperties(
                        Map.of(SchemaRegistrySettings.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(2));
    }

    private static <T extends SpecificRecord> EventCodec<T> codec(
            SchemaRegistrySettings settings, String topic, Class<T> type) {
        return EventCodec.of(WireFormat.CONFLUENT, settings, topic, type);
    }

    /** The codec of a sample's own type. */
    @SuppressWarnings("unchecked")
    private static EventCodec<SpecificRecord> codecOf(
            SchemaRegistrySettings settings, String topic, SpecificRecord sample) {
        return (EventCodec<SpecificRecord>)
                (EventCodec<?>) codec(settings, topic, sample.getClass());
    }

    private static int register(String subject, Schema schema) throws IOException {
        return plain.register(subject, null, schema.toString());
    }

    private static byte[] framed(int id, int... payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(id, out);
        for (int b : payload) {
            out.write(b);
        }
        return out.toByteArray();
    }

    /** A value as a foreign producer writes it: header, then the record in its own schema. */
    private static byte[] frame(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(id, out);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A current record as an older schema sees it (Avro's resolution drops what it lacks). */
    private static GenericRecord project(SpecificRecord record, Schema older) throws IOException {
        return new GenericDatumReader<GenericRecord>(record.getSchema(), older)
                .read(null, DecoderFactory.get().binaryDecoder(binary(record), null));
    }

    private static GenericRecord generic(SpecificRecord record) throws IOException {
        return project(record, record.getSchema());
    }

    @SuppressWarnings("unchecked")
    private static byte[] binary(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema resource(String name) throws IOException {
        try (InputStream in =
                ConfluentAvroCodecITCase.class.getResourceAsStream("/registry/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static ImageEvent imageEvent(String id) {
        HashMap<String, String> attributes = new HashMap<>();
        attributes.put("camera", "north");
        return ImageEvent.newBuilder()
                .setId(id)
                .setSourceId("camera-1")
                .setEventTime(1_700_000_000_000L)
                .setIngestTime(1_700_000_000_005L)
                .setContentType("image/png")
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .setLabel("Sneaker")
                .setAttributes(attributes)
                .build();
    }

    private static Prediction prediction() {
        return Prediction.newBuilder()
                .setEventId("camera-1-000042")
                .setSourceId("camera-1")
                .setEventTime(1_700_000_000_000L)
                .setTopK(
                        List.of(
                                new LabelProbability("Sneaker", 0.91f),
                                new LabelProbability("Sandal", 0.05f)))
                .setModelId("fashion_mnist_mobilenet_v1")
                .setModelVersion("df78f06d3b10")
                .setGroundTruth("Sneaker")
                .setTimings(new Timings(120L, 80L, 7000L, 16, 12L))
                .setEmitTime(1_700_000_000_012L)
                .setAttributes(new HashMap<>(Map.of("camera", "north")))
                .build();
    }

    private static ModelDescriptor modelDescriptor() {
        return ModelDescriptors.create(
                "fashion_mnist_coarse",
                "s3://models/fashion_mnist_coarse/",
                "a".repeat(64),
                ModelRole.CANARY,
                20.0,
                "ops");
    }

    private static ModelStatus modelStatus() {
        ModelDescriptor canary = modelDescriptor();
        return ModelStatuses.event(
                        new ModelStatuses.Origin("job-1", "stream", 0, 2),
                        ModelStatusKind.APPLIED,
                        ModelStatuses.configured(
                                "fashion_mnist_mobilenet_v1", "df78f06d3b10", "bundled"),
                        new ModelLineup(null, canary, null))
                .setDescriptorId(canary.getId())
                .setLoadMillis(180L)
                .setSwapMicros(900L)
                .build();
    }

    private static DeadLetter deadLetter() {
        return DeadLetters.ofRecord(
                SourceCoordinates.newBuilder()
                        .setTopic("frames")
                        .setPartition(1)
                        .setOffset(99L)
                        .build(),
                new byte[] {9, 9, 9},
                Stage.DESERIALIZE,
                new IOException("not an ImageEvent"));
    }
}
