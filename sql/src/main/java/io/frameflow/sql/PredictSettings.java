package io.frameflow.sql;

import static io.frameflow.sql.FrameflowModelOptions.*;

import io.frameflow.operators.classify.ClassifierOptions;
import io.frameflow.operators.decode.ImageFetcher;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.zoo.model.DeviceChoice;
import io.frameflow.zoo.model.ModelLoadException;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;

/**
 * A model's options and schema, checked when a query that uses it is planned and turned into what
 * the predict functions run with. Every error names the option or the column.
 *
 * @param classifier the model, batching and threads, as the DataStream classifier takes them
 * @param limits byte and pixel limits of each image
 * @param fetcher reads images by URI under the allowed roots
 * @param input how the input column holds the image
 * @param output the output columns
 * @param maxConcurrent rows ML_PREDICT keeps in flight per subtask, as the session configures it
 *     ({@value #TABLE_MAX_CONCURRENT_KEY}); a query's own {@code 'max-concurrent-operations'}
 *     overrides it
 */
record PredictSettings(
        ClassifierOptions classifier,
        ImageLimits limits,
        ImageFetcher fetcher,
        ImageInput input,
        OutputLayout output,
        int maxConcurrent)
        implements Serializable {

    /** Flink's session option for the rows an async ML_PREDICT keeps in flight per subtask. */
    static final String TABLE_MAX_CONCURRENT_KEY =
            "table.exec.async-ml-predict.max-concurrent-operations";

    /** The same, set for one query in ML_PREDICT's config map. */
    static final String QUERY_MAX_CONCURRENT_KEY = "max-concurrent-operations";

    private static final ConfigOption<Integer> TABLE_MAX_CONCURRENT =
            ConfigOptions.key(TABLE_MAX_CONCURRENT_KEY).intType().defaultValue(10);

    /** Locations DJL fetches: checked when the job starts, not where the query is planned. */
    private static final Set<String> REMOTE_SCHEMES = Set.of("http", "https", "s3", "djl");

    /**
     * Validates a model.
     *
     * @param options the model's options ({@code WITH (...)})
     * @param model the model with its resolved input and output schemas
     * @param session the session's configuration (for {@value #TABLE_MAX_CONCURRENT_KEY})
     * @throws ValidationException naming the option or column that is wrong
     */
    static PredictSettings of(
            ReadableConfig options, ResolvedCatalogModel model, ReadableConfig session) {
        for (ConfigOption<?> option : ALL) {
            get(options, option); // type errors surface here, naming the key
        }
        int batchSize = get(options, BATCH_SIZE);
        check(BATCH_SIZE, options, batchSize >= 1 && batchSize <= 1024, "between 1 and 1024");
        check(MAX_WAIT, options, !get(options, MAX_WAIT).isNegative(), ">= 0");
        check(TOP_K, options, get(options, TOP_K) >= 1, ">= 1");
        check(INTRA_OP_THREADS, options, get(options, INTRA_OP_THREADS) >= 0, ">= 0 (0 = auto)");
        check(INTER_OP_THREADS, options, get(options, INTER_OP_THREADS) >= 1, ">= 1");
        check(MAX_IMAGE_BYTES, options, get(options, MAX_IMAGE_BYTES).getBytes() >= 1, ">= 1b");
        check(MAX_IMAGE_PIXELS, options, get(options, MAX_IMAGE_PIXELS) >= 1, ">= 1");

        ModelSpec spec = modelSpec(options);
        ClassifierOptions classifier =
                new ClassifierOptions(
                        spec,
                        batchSize,
                        get(options, MAX_WAIT),
                        get(options, INTRA_OP_THREADS),
                        get(options, INTER_OP_THREADS),
                        get(options, WARM_UP),
                        get(options, GRAPH_OPTIMIZER),
                        0);
        ImageInput input = input(model);
        ImageFetcher fetcher = fetcher(options, input);
        return new PredictSettings(
                classifier,
                new ImageLimits(
                        get(options, MAX_IMAGE_BYTES).getBytes(), get(options, MAX_IMAGE_PIXELS)),
                fetcher,
                input,
                OutputLayout.of(model.getResolvedOutputSchema()),
                session.get(TABLE_MAX_CONCURRENT));
    }

    private static ModelSpec modelSpec(ReadableConfig options) {
        DeviceChoice device;
        try {
            device = DeviceChoice.parse(get(options, DEVICE));
        } catch (IllegalArgumentException e) {
            throw invalid(DEVICE, options, e.getMessage());
        }
        String sha256 = options.getOptional(SHA256).orElse(null);
        ModelSpec spec;
        try {
            spec =
                    ModelSpec.builder()
                            .setLocation(get(options, MODEL))
                            .optDevice(device)
                            .optPrecision(get(options, PRECISION))
                            .optCpuFallback(get(options, CPU_FALLBACK))
                            .optSha256(sha256)
                            .optTopK(get(options, TOP_K))
                            .build();
        } catch (IllegalArgumentException e) {
            ConfigOption<?> culprit =
                    sha256 != null && e.getMessage().contains("sha256") ? SHA256 : MODEL;
            throw invalid(culprit, options, e.getMessage());
        }
        if (!REMOTE_SCHEMES.contains(scheme(spec.location()))) {
            try {
                // Finds the file and reads its preprocessing: a typo fails here, not on a task.
                ModelLoader.preprocessingOf(spec);
            } catch (ModelLoadException | UncheckedIOException | IllegalArgumentException e) {
                throw invalid(MODEL, options, e.getMessage());
            }
        }
        return spec;
    }

    private static ImageInput input(ResolvedCatalogModel model) {
        List<Column> columns = model.getResolvedInputSchema().getColumns();
        if (columns.size() != 1) {
            throw new ValidationException(
                    String.format(
                            "The frameflow provider takes one input column (the image as BYTES, or"
                                    + " its URI as STRING); the model declares %d: %s",
                            columns.size(), model.getResolvedInputSchema().getColumnNames()));
        }
        Column column = columns.get(0);
        ImageInput input = ImageInput.of(column.getDataType().getLogicalType());
        if (input == null) {
            throw new ValidationException(
                    String.format(
                            "Model input column '%s' is %s; the frameflow provider takes BYTES (the"
                                    + " encoded image) or STRING (its URI, read under"
                                    + " 'allowed-roots')",
                            column.getName(),
                            column.getDataType().getLogicalType().asSummaryString()));
        }
        return input;
    }

    private static ImageFetcher fetcher(ReadableConfig options, ImageInput input) {
        List<String> roots =
                get(options, ALLOWED_ROOTS).stream().filter(r -> !r.isBlank()).toList();
        if (input == ImageInput.URI && roots.isEmpty()) {
            throw new ValidationException(
                    String.format(
                            "The model's input column is a STRING (an image URI), so '%s' must list"
                                    + " where images may be read from, e.g. 'file:/data/images/'",
                            ALLOWED_ROOTS.key()));
        }
        try {
            return new ImageFetcher(roots.stream().map(URI::create).toList());
        } catch (IllegalArgumentException e) {
            throw invalid(ALLOWED_ROOTS, options, e.getMessage());
        }
    }

    private static <T> T get(ReadableConfig options, ConfigOption<T> option) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw invalid(option, options, e.getMessage());
        }
    }

    private static void check(
            ConfigOption<?> option, ReadableConfig options, boolean valid, String expectation) {
        if (!valid) {
            throw invalid(option, options, "must be " + expectation);
        }
    }

    private static ValidationException invalid(
            ConfigOption<?> option, ReadableConfig options, String why) {
        Object value =
                options.getOptional(ConfigOptions.key(option.key()).stringType().noDefaultValue())
                        .orElse(null);
        return new ValidationException(
                String.format(
                        "Invalid model option '%s'%s: %s",
                        option.key(), value == null ? "" : " = '" + value + "'", why));
    }

    private static String scheme(String location) {
        int colon = location.indexOf(':');
        // A one-letter "scheme" is a Windows drive letter, not a URL.
        return colon > 1 ? location.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    }
}
