package io.frameflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.sql.testutils.FashionMnistPngs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model's options and schema are checked when a query that uses it is planned (no job starts
 * here): every mistake fails the statement with an error that names the option or the column.
 */
class ModelValidationTest {

    private static final String OUTPUT =
            "OUTPUT (label STRING, probability FLOAT, top_k ARRAY<ROW<label STRING, probability"
                    + " FLOAT>>, error STRING)";

    private TableEnvironment tables;

    @BeforeEach
    void frames() {
        tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.createTemporaryView(
                "frames",
                tables.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("camera", DataTypes.STRING()),
                                DataTypes.FIELD("image", DataTypes.BYTES()),
                                DataTypes.FIELD("uri", DataTypes.STRING()),
                                DataTypes.FIELD("n", DataTypes.INT())),
                        Row.of("cam", FashionMnistPngs.png(0), "file:/tmp/x.png", 1)));
    }

    /** Plans a query over a model declared with the given schema and options. */
    private String plan(String schema, String column, String options) {
        tables.executeSql(
                "CREATE TEMPORARY MODEL m "
                        + schema
                        + " WITH ('provider' = 'frameflow'"
                        + (options.isEmpty() ? "" : ", " + options)
                        + ")");
        return tables.explainSql(
                "SELECT camera FROM ML_PREDICT(TABLE frames, MODEL m, DESCRIPTOR(" + column + "))");
    }

    private String planBytes(String options) {
        return plan("INPUT (image BYTES) " + OUTPUT, "image", options);
    }

    /** Every message of a failure and its causes, for a message wrapped by the planner. */
    private static String messages(Throwable failure) {
        List<String> all = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", all);
    }

    @Test
    void aValidModelPlansAsAnAsyncLookupOfTheFrameflowProvider() {
        String plan =
                planBytes(
                        "'model' = 'bundled', 'batch-size' = '8', 'max-wait' = '2 ms', 'top-k' ="
                                + " '3', 'device' = 'cpu', 'max-image-bytes' = '1 mb',"
                                + " 'max-image-pixels' = '1000000', 'intra-op-threads' = '1'");
        assertThat(plan).contains("MLPredictTableFunction", "MODEL default_catalog");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    'bogus' = '1'                        | Unsupported options found for 'frameflow' | bogus
                    'batch-size' = '0'                   | 'batch-size' = '0'                        | between 1 and 1024
                    'batch-size' = '2000'                | 'batch-size' = '2000'                     | between 1 and 1024
                    'batch-size' = 'many'                | option 'batch-size'                       | many
                    'max-wait' = 'soon'                  | option 'max-wait'                         | soon
                    'top-k' = '0'                        | 'top-k' = '0'                             | >= 1
                    'device' = 'tpu'                     | 'device' = 'tpu'                          | cpu, gpu or gpu:N
                    'precision' = 'fp8'                  | option 'precision'                        | [fp32, fp16]
                    'sha256' = 'abc'                     | 'sha256' = 'abc'                          | 64 hexadecimal digits
                    'model' = '/no/such/model.pt'        | 'model' = '/no/such/model.pt'             | Model not found
                    'intra-op-threads' = '-1'            | 'intra-op-threads' = '-1'                 | >= 0
                    'inter-op-threads' = '0'             | 'inter-op-threads' = '0'                  | >= 1
                    'max-image-bytes' = '0 b'            | 'max-image-bytes' = '0 b'                 | >= 1b
                    'max-image-pixels' = '0'             | 'max-image-pixels' = '0'                  | >= 1
                    """)
    void aWrongOptionFailsPlanningNamingTheOption(String option, String names, String why) {
        assertThatThrownBy(() -> planBytes(option))
                .satisfies(failure -> assertThat(messages(failure)).contains(names, why));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    INPUT (n INT) OUTPUT (label STRING)                                 | n     | Model input column 'n' is INT
                    INPUT (image BYTES, n INT) OUTPUT (label STRING)                    | image, n | one input column
                    INPUT (image BYTES) OUTPUT (score FLOAT)                            | image | 'score' is not one the frameflow provider fills
                    INPUT (image BYTES) OUTPUT (probability STRING)                     | image | 'probability' is STRING
                    INPUT (image BYTES) OUTPUT (label STRING NOT NULL)                  | image | 'label' must be nullable
                    INPUT (image BYTES) OUTPUT (top_k ARRAY<ROW<name STRING, p FLOAT>>) | image | 'top_k' is ARRAY<ROW<`name` STRING, `p` FLOAT>>
                    INPUT (uri STRING) OUTPUT (label STRING)                            | uri   | 'allowed-roots' must list where images may be read from
                    """)
    void aSchemaTheProviderCannotFillFailsPlanningNamingTheColumn(
            String schema, String columns, String why) {
        assertThatThrownBy(() -> plan(schema, columns, ""))
                .satisfies(failure -> assertThat(messages(failure)).contains(why));
    }

    @Test
    void probabilitiesMayBeDoubleAndAUriColumnPlansWithAllowedRoots() {
        assertThat(
                        plan(
                                "INPUT (uri STRING) OUTPUT (probability DOUBLE, top_k"
                                        + " ARRAY<ROW<label STRING, probability DOUBLE>>)",
                                "uri",
                                "'allowed-roots' = 'file:/tmp/;s3://bucket/frames/'"))
                .contains("MLPredictTableFunction");
    }
}
