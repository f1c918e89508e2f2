package io.frameflow.sql;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * The {@code 'provider' = 'frameflow'} model factory, found by Flink through {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}. It checks the model's options and
 * schema when a query that uses the model is planned, so a mistake fails the statement with an
 * error naming the option or column, never a running job.
 */
public final class FrameflowModelProviderFactory implements ModelProviderFactory {

    /** The value of {@code 'provider'} that picks this factory. */
    public static final String IDENTIFIER = "frameflow";

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate(); // unknown keys, with the supported ones listed
        return new FrameflowModelProvider(
                PredictSettings.of(
                        helper.getOptions(),
                        context.getCatalogModel(),
                        context.getConfiguration()));
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new LinkedHashSet<>(FrameflowModelOptions.ALL);
    }
}
