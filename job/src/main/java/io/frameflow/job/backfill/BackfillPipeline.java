package io.frameflow.job.backfill;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.stream.StreamEnvironment;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodeFunction;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.decode.ImageFetcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Wires the backfill job, in BATCH mode: reading work → image events → the streaming job's decode
 * and classifier operators → predictions as JSON Lines and Avro container files, dead letters as
 * JSON Lines, all through Flink's FileSink, committed when the job finishes.
 */
public final class BackfillPipeline {

    public static final String PREDICTIONS_DIR = "predictions";
    public static final String PREDICTIONS_AVRO_DIR = "predictions-avro";
    public static final String DEAD_LETTERS_DIR = "dead-letters";

    /** Accumulators the progress line reads. */
    public static final String CLASSIFIED = "frameflow.classified";

    public static final String FAILED = "frameflow.dead-letters";

    private BackfillPipeline() {}

    /** Adds the job to an environment. */
    public static void build(
            StreamExecutionEnvironment env,
            FrameflowConfig config,
            List<BackfillItem> items,
            Set<String> skip,
            UnaryOperator<DataStream<ImageEvent>> afterRead) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // Set on every operator: BATCH mode's adaptive scheduler would otherwise size small
        // inputs down to one reader and one classifier.
        int parallelism = config.parallelism().orElse(env.getParallelism());
        env.setParallelism(parallelism);
        StreamEnvironment.configureRestarts(env, config);
        String output = config.get(BackfillOptions.OUTPUT);
        SingleOutputStreamOperator<ImageEvent> events =
                env.fromData(items, TypeInformation.of(BackfillItem.class))
                        .name("Backfill inputs")
                        .uid("backfill-inputs")
                        .rebalance()
                        .process(
                                new ItemReader(config.imageLimits().maxBytes(), skip),
                                new AvroTypeInfo<>(ImageEvent.class))
                        .name("Read files and archives")
                        .uid("read")
                        .setParallelism(parallelism);
        SingleOutputStreamOperator<DecodedFrame> frames =
                afterRead
                        .apply(events)
                        .process(
                                new DecodeFunction(
                                        config.modelSpec(),
                                        config.imageLimits(),
                                        fetcherFor(items)),
                                TypeInformation.of(DecodedFrame.class))
                        .name("Decode and validate")
                        .uid("decode")
                        .setParallelism(parallelism);
        SingleOutputStreamOperator<Prediction> predictions =
                frames.transform(
                                "Classify (micro-batches)",
                                new AvroTypeInfo<>(Prediction.class),
                                new MicroBatchClassifierOperator(config.classifierOptions()))
                        .uid("classify")
                        .setParallelism(parallelism);
        DataStream<Prediction> counted =
                predictions
                        .map(new CountingMap<>(CLASSIFIED), new AvroTypeInfo<>(Prediction.class))
                        .name("Count predictions")
                        .uid("count-predictions")
                        .setParallelism(parallelism);
        counted.sinkTo(jsonLines(output, PREDICTIONS_DIR, "predictions", JsonLines::prediction))
                .name("Predictions (JSON Lines)")
                .uid("predictions-jsonl")
                .setParallelism(parallelism);
        counted.sinkTo(
                        FileSink.forBulkFormat(
                                        new Path(output, PREDICTIONS_AVRO_DIR),
                                        AvroWriters.forSpecificRecord(Prediction.class))
                                .withBucketAssigner(new BasePathBucketAssigner<>())
                                .withOutputFileConfig(fileConfig("predictions", ".avro"))
                                .build())
                .name("Predictions (Avro)")
                .uid("predictions-avro")
                .setParallelism(parallelism);
        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(DeadLetters.TAG)
                        .union(
                                frames.getSideOutput(DeadLetters.TAG),
                                predictions.getSideOutput(DeadLetters.TAG))
                        .map(new CountingMap<>(FAILED), new AvroTypeInfo<>(DeadLetter.class))
                        .name("Count dead letters")
                        .uid("count-dead-letters");
        deadLetters
                .sinkTo(jsonLines(output, DEAD_LETTERS_DIR, "dead-letters", JsonLines::deadLetter))
                .name("Dead letters (JSON Lines)")
                .uid("dead-letters-jsonl");
        if (config.get(BackfillOptions.KAFKA_OUTPUT)) {
            counted.sinkTo(StreamPipeline.predictionsSink(config))
                    .name("Kafka predictions")
                    .uid("predictions-kafka");
            deadLetters
                    .sinkTo(StreamPipeline.deadLetterSink(config))
                    .name("Kafka dead letters")
                    .uid("dead-letters-kafka");
        }
    }

    /** Files named by the inputs may be read, and nothing else. */
    static ImageFetcher fetcherFor(List<BackfillItem> items) {
        Set<URI> roots = new LinkedHashSet<>();
        for (BackfillItem item : items) {
            if (item.kind == BackfillItem.Kind.FILE) {
                URI uri = URI.create(item.uri);
                roots.add(uri.resolve("."));
            }
        }
        return new ImageFetcher(List.copyOf(roots));
    }

    private interface Json<T> extends java.io.Serializable {
        String of(T value);
    }

    private static <T> FileSink<T> jsonLines(
            String output, String dir, String prefix, Json<T> json) {
        Encoder<T> encoder =
                (element, stream) -> {
                    stream.write(json.of(element).getBytes(StandardCharsets.UTF_8));
                    stream.write('\n');
                };
        return FileSink.forRowFormat(new Path(output, dir), encoder)
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(fileConfig(prefix, ".jsonl"))
                .build();
    }

    private static OutputFileConfig fileConfig(String prefix, String suffix) {
        return OutputFileConfig.builder().withPartPrefix(prefix).withPartSuffix(suffix).build();
    }
}
