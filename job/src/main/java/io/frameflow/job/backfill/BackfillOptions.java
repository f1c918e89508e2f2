package io.frameflow.job.backfill;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The typed options of the {@code backfill} command (beside the model and image ones). */
public final class BackfillOptions {

    private BackfillOptions() {}

    public static final ConfigOption<List<String>> INPUTS =
            key("backfill.inputs")
                    .stringType()
                    .asList()
                    .defaultValues("fashion-mnist")
                    .withDescription(
                            "What to classify, separated by ';': folders (recursive),"
                                + " .zip/.tar/.tar.gz archives, .txt files listing one path or URI"
                                + " per line, single images, or 'fashion-mnist' /"
                                + " 'fashion-mnist:DIR' (IDX files, with labels). Any Flink"
                                + " FileSystem path.");

    public static final ConfigOption<List<String>> INCLUDE =
            key("backfill.include")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Globs a file in a folder must match (relative path); empty: all.");

    public static final ConfigOption<List<String>> EXCLUDE =
            key("backfill.exclude")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("Globs that leave a file in a folder out.");

    public static final ConfigOption<String> LABELS =
            key("backfill.labels")
                    .stringType()
                    .defaultValue("none")
                    .withDescription(
                            "Ground truth: 'none', 'folders' (the ImageFolder layout"
                                    + " root/LABEL/img.jpg), or the path of a CSV of path,label.");

    public static final ConfigOption<String> OUTPUT =
            key("backfill.output")
                    .stringType()
                    .defaultValue("backfill-output")
                    .withDescription(
                            "Folder (any Flink FileSystem) for predictions/ (JSON Lines),"
                                + " predictions-avro/ (Avro container files), dead-letters/ and the"
                                + " report.");

    public static final ConfigOption<Boolean> SKIP_EXISTING =
            key("backfill.skip-existing")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Classify only images that have no prediction in the output yet.");

    public static final ConfigOption<Boolean> KAFKA_OUTPUT =
            key("backfill.kafka-output")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Also write predictions and dead letters to kafka.output-topic and"
                                + " kafka.dead-letter-topic, through the streaming job's sinks.");

    public static final List<ConfigOption<?>> ALL =
            List.of(INPUTS, INCLUDE, EXCLUDE, LABELS, OUTPUT, SKIP_EXISTING, KAFKA_OUTPUT);
}
