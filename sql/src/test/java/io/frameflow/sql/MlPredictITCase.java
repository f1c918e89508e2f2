package io.frameflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.decode.DecodeFunction;
import io.frameflow.operators.decode.ImageFetcher;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.sql.testutils.FashionMnistPngs;
import io.frameflow.zoo.model.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ML_PREDICT with the frameflow provider on a MiniCluster, bounded input: the labels of the
 * DataStream classifier on the same images, bad images as NULL labels with an error and a
 * dead-letter count, images by URI only under the allowed roots.
 */
class MlPredictITCase {

    private static final int IMAGES = 100;

    private static final String MODEL =
            "CREATE MODEL fashion INPUT (image BYTES) OUTPUT (label STRING, probability FLOAT,"
                    + " top_k ARRAY<ROW<label STRING, probability FLOAT>>, error STRING) WITH"
                    + " ('provider' = 'frameflow', 'model' = 'bundled', 'batch-size' = '16',"
                    + " 'max-wait' = '5 ms', 'intra-op-threads' = '1'%s)";

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path tmp;

    private StreamExecutionEnvironment env;
    private StreamTableEnvironment tables;

    @BeforeEach
    void tables() {
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        tables = StreamTableEnvironment.create(env);
    }

    /**
     * A {@code frames} view of (camera STRING, image BYTES) rows; from a bounded stream, since
     * {@code VALUES} compiles one operator per row.
     */
    private void frames(List<Row> rows) {
        tables.createTemporaryView(
                "frames",
                tables.fromDataStream(
                        env.fromData(
                                rows,
                                Types.ROW_NAMED(
                                        new String[] {"camera", "image"},
                                        Types.STRING,
                                        Types.PRIMITIVE_ARRAY(Types.BYTE)))));
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void labelsEveryImageAsTheDataStreamClassifierDoesAsyncAndSync() throws Exception {
        frames(
                IntStream.range(0, IMAGES)
                        .mapToObj(i -> Row.of("cam-" + i, FashionMnistPngs.png(i)))
                        .toList());
        tables.executeSql(String.format(MODEL, ""));

        Map<String, Row> async =
                byCamera(
                        collect(
                                tables.executeSql(
                                        "SELECT camera, label, probability, top_k, error FROM"
                                            + " ML_PREDICT(TABLE frames, MODEL fashion,"
                                            + " DESCRIPTOR(image), MAP['max-concurrent-operations',"
                                            + " '32'])")));
        Map<String, Row> sync =
                byCamera(
                        collect(
                                tables.executeSql(
                                        "SELECT camera, label, probability, top_k, error FROM"
                                                + " ML_PREDICT(TABLE frames, MODEL fashion,"
                                                + " DESCRIPTOR(image), MAP['async', 'false'])")));
        Map<String, Prediction> dataStream = dataStreamPredictions();

        assertThat(async).hasSize(IMAGES);
        assertThat(sync).hasSize(IMAGES);
        assertThat(dataStream).hasSize(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            Prediction expected = dataStream.get("cam-" + i);
            for (Row row : List.of(async.get("cam-" + i), sync.get("cam-" + i))) {
                assertThat(row.getField("error")).as("error of cam-%d", i).isNull();
                assertThat(row.getField("label"))
                        .as("label of cam-%d", i)
                        .isEqualTo(expected.getTopK().get(0).getLabel());
                assertThat((Float) row.getField("probability"))
                        .isCloseTo(expected.getTopK().get(0).getProbability(), within(1e-4f));
                Row[] topK = (Row[]) row.getField("top_k");
                assertThat(Arrays.stream(topK).map(r -> r.getField("label")).toList())
                        .as("top-5 of cam-%d", i)
                        .isEqualTo(
                                expected.getTopK().stream()
                                        .map(io.frameflow.event.LabelProbability::getLabel)
                                        .toList());
            }
        }
        long right =
                IntStream.range(0, IMAGES)
                        .filter(
                                i ->
                                        FashionMnistPngs.label(i)
                                                .equals(async.get("cam-" + i).getField("label")))
                        .count();
        assertThat(right).as("correct labels of %d", IMAGES).isGreaterThan(IMAGES * 85 / 100);
    }

    /** The same images through the DataStream job's decode function and classifier operator. */
    private static Map<String, Prediction> dataStreamPredictions() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<ImageEvent> events = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            events.add(
                    ImageEvent.newBuilder()
                            .setId("cam-" + i)
                            .setSourceId("cam-" + i)
                            .setEventTime(i)
                            .setPayload(ByteBuffer.wrap(FashionMnistPngs.png(i)))
                            .setAttributes(new HashMap<>())
                            .build());
        }
        ModelSpec model = ModelSpec.bundled();
        Map<String, Prediction> predictions = new LinkedHashMap<>();
        try (CloseableIterator<Prediction> out =
                env.fromData(events, new AvroTypeInfo<>(ImageEvent.class))
                        .process(
                                new DecodeFunction(
                                        model, ImageLimits.DEFAULTS, new ImageFetcher(List.of())))
                        .transform(
                                "classify",
                                new AvroTypeInfo<>(Prediction.class),
                                new MicroBatchClassifierOperator(
                                        ClassifierOptions.defaults(model).withThreads(1, 1)))
                        .executeAndCollect()) {
            out.forEachRemaining(p -> predictions.put(p.getEventId(), p));
        }
        return predictions;
    }

    @Test
    void aBadImageGetsNullLabelsAnErrorAndADeadLetterCountNeverAJobFailure() throws Exception {
        byte[] png = FashionMnistPngs.png(0);
        frames(
                List.of(
                        Row.of("good", png),
                        Row.of("garbage", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                        Row.of("truncated", Arrays.copyOf(png, png.length / 2)),
                        Row.of("null", null),
                        Row.of("too-big", FashionMnistPngs.noise(100))));
        tables.executeSql(String.format(MODEL, ", 'max-image-bytes' = '4 kb'"));

        TableResult result =
                tables.executeSql(
                        "SELECT camera, label, probability, top_k, error FROM ML_PREDICT(TABLE"
                                + " frames, MODEL fashion, DESCRIPTOR(image))");
        Map<String, Row> rows = byCamera(collect(result));

        assertThat(rows.get("good").getField("label")).isEqualTo(FashionMnistPngs.label(0));
        assertThat(rows.get("good").getField("error")).isNull();
        for (String bad : List.of("garbage", "truncated", "null", "too-big")) {
            assertThat(rows.get(bad).getField("label")).as(bad).isNull();
            assertThat(rows.get(bad).getField("probability")).as(bad).isNull();
            assertThat(rows.get(bad).getField("top_k")).as(bad).isNull();
        }
        assertThat((String) rows.get("garbage").getField("error"))
                .startsWith("decode: not a supported image format");
        assertThat((String) rows.get("truncated").getField("error"))
                .startsWith("decode: corrupt or truncated PNG");
        assertThat((String) rows.get("null").getField("error"))
                .isEqualTo("validate: empty image payload");
        assertThat((String) rows.get("too-big").getField("error"))
                .startsWith("validate: image is")
                .contains("over the limit of 4,096");

        JobID job = result.getJobClient().orElseThrow().getJobID();
        assertThat(deadLetters(job, "decode")).isEqualTo(2);
        assertThat(deadLetters(job, "validate")).isEqualTo(2);
    }

    /** The job's dead-letter counters of a stage, summed over subtasks. */
    private static long deadLetters(JobID job, String stage) {
        return METRICS.findMetrics(job, "deadLetters").entrySet().stream()
                .filter(e -> e.getKey().contains("stage." + stage + "."))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    @Test
    void readsImagesByUriOnlyUnderTheAllowedRoots() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.write(images.resolve("boot.png"), FashionMnistPngs.png(0));
        Files.write(images.resolve("pullover.png"), FashionMnistPngs.png(1));
        Files.write(outside.resolve("secret.png"), FashionMnistPngs.png(2));
        tables.createTemporaryView(
                "uris",
                tables.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("name", DataTypes.STRING()),
                                DataTypes.FIELD("uri", DataTypes.STRING())),
                        Row.of("boot", images.resolve("boot.png").toUri().toString()),
                        Row.of("pullover", images.resolve("pullover.png").toString()),
                        Row.of("outside", outside.resolve("secret.png").toUri().toString()),
                        Row.of("escape", images + "/../outside/secret.png"),
                        Row.of("missing", images.resolve("nothing.png").toUri().toString())));
        tables.executeSql(
                "CREATE MODEL by_uri INPUT (uri STRING) OUTPUT (label STRING, error STRING) WITH"
                    + " ('provider' = 'frameflow', 'intra-op-threads' = '1', 'allowed-roots' = '"
                        + images.toUri()
                        + "')");

        Map<String, Row> rows = new HashMap<>();
        for (Row row :
                collect(
                        tables.executeSql(
                                "SELECT name, label, error FROM ML_PREDICT(TABLE uris, MODEL"
                                        + " by_uri, DESCRIPTOR(uri))"))) {
            rows.put((String) row.getField("name"), row);
        }

        assertThat(rows.get("boot").getField("label")).isEqualTo(FashionMnistPngs.label(0));
        assertThat(rows.get("pullover").getField("label")).isEqualTo(FashionMnistPngs.label(1));
        assertThat((String) rows.get("outside").getField("error"))
                .startsWith("fetch: URI")
                .contains("outside the allowed roots");
        assertThat((String) rows.get("escape").getField("error")).startsWith("fetch: URI");
        assertThat((String) rows.get("missing").getField("error")).startsWith("fetch: cannot read");
        for (String bad : List.of("outside", "escape", "missing")) {
            assertThat(rows.get(bad).getField("label")).as(bad).isNull();
        }
    }

    private static Map<String, Row> byCamera(List<Row> rows) {
        Map<String, Row> byCamera = new HashMap<>();
        for (Row row : rows) {
            assertThat(byCamera.put((String) row.getField("camera"), row))
                    .as("one row per camera")
                    .isNull();
        }
        return byCamera;
    }
}
