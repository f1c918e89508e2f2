package io.frameflow.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated Frameflow model, as the planner sees it: it offers an async predict function (the
 * default, micro-batched) and a sync one ({@code MAP['async', 'false']}).
 */
public final class FrameflowModelProvider
        implements AsyncPredictRuntimeProvider, PredictRuntimeProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FrameflowModelProvider.class);

    private static final ConfigOption<Integer> QUERY_MAX_CONCURRENT =
            ConfigOptions.key(PredictSettings.QUERY_MAX_CONCURRENT_KEY).intType().noDefaultValue();

    private final PredictSettings settings;

    FrameflowModelProvider(PredictSettings settings) {
        this.settings = settings;
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        int inFlight =
                Configuration.fromMap(context.runtimeConfig().toMap())
                        .getOptional(QUERY_MAX_CONCURRENT)
                        .orElse(settings.maxConcurrent());
        int batchSize = settings.classifier().batchSize();
        if (inFlight < batchSize) {
            LOG.warn(
                    "batch-size {} of model {} is more than the {} rows ML_PREDICT keeps in flight,"
                            + " so batches hold at most {}; raise '{}' in ML_PREDICT's config map"
                            + " (or {}) to at least twice the batch size",
                    batchSize,
                    context.getCatalogModel().getOptions().get("model"),
                    inFlight,
                    inFlight,
                    PredictSettings.QUERY_MAX_CONCURRENT_KEY,
                    PredictSettings.TABLE_MAX_CONCURRENT_KEY);
        }
        return new AsyncImageClassifyFunction(settings, Math.min(batchSize, inFlight));
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new ImageClassifyFunction(settings);
    }

    @Override
    public ModelProvider copy() {
        return new FrameflowModelProvider(settings);
    }
}
