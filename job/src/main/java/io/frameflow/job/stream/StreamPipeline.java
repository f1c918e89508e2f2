package io.frameflow.job.stream;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.DeliveryGuarantee;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.kafka.AvroRecordSerializer;
import io.frameflow.job.kafka.DescriptorRecord;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.kafka.ImageEventDeserializer;
import io.frameflow.job.kafka.ModelDescriptorDeserializer;
import io.frameflow.job.kafka.SourceRecord;
import io.frameflow.job.kafka.SplitDeserializationFailures;
import io.frameflow.operators.classify.AbstractClassifierOperator;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.classify.ModelControlledClassifierOperator;
import io.frameflow.operators.control.ModelStatuses;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodeFunction;
import io.frameflow.operators.decode.DecodedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires the streaming job: Kafka frames → split undecodable records → decode → micro-batching
 * classifier → Kafka predictions, with the dead letters of every stage to a dead-letter topic. With
 * model control on, model descriptors from the control topic are broadcast to every classify
 * subtask, which writes its status events and its shadow model's predictions to their own topics.
 * Every operator has a stable uid (savepoints survive upgrades) and a readable name.
 */
public final class StreamPipeline {

    public static final String SOURCE_UID = "frames-source";
    public static final String SPLIT_UID = "split-deserialization-failures";
    public static final String DECODE_UID = "decode";
    public static final String CLASSIFY_UID = "classify";
    public static final String PREDICTIONS_SINK_UID = "predictions-sink";
    public static final String DEAD_LETTER_SINK_UID = "dead-letters-sink";
    public static final String MODEL_CONTROL_SOURCE_UID = "model-control-source";
    public static final String MODEL_CONTROL_SPLIT_UID = "split-undecodable-descriptors";
    public static final String SHADOW_SINK_UID = "shadow-predictions-sink";
    public static final String MODEL_STATUS_SINK_UID = "model-status-sink";

    /** The suffix of the output topic that shadow predictions go to. */
    public static final String SHADOW_TOPIC_SUFFIX = "-shadow";

    private static final String CLASSIFY_NAME = "Classify (micro-batches)";

    /** How often the control source looks for the control topic (and new partitions of it). */
    private static final Duration CONTROL_TOPIC_DISCOVERY = Duration.ofSeconds(10);

    private StreamPipeline() {}

    /** Adds the job to an environment. */
    public static void build(StreamExecutionEnvironment env, FrameflowConfig config) {
        build(env, config, UnaryOperator.identity());
    }

    /**
     * Adds the job to an environment, with a hook on the event stream after the source (tests use
     * it to inject failures).
     */
    public static void build(
            StreamExecutionEnvironment env,
            FrameflowConfig config,
            UnaryOperator<DataStream<ImageEvent>> afterSource) {
        DataStream<SourceRecord> records =
                env.fromSource(source(config), watermarks(config), "Kafka frames").uid(SOURCE_UID);
        SingleOutputStreamOperator<ImageEvent> events =
                records.process(
                                new SplitDeserializationFailures<SourceRecord, ImageEvent>(),
                                new AvroTypeInfo<>(ImageEvent.class))
                        .uid(SPLIT_UID)
                        .name("Split undecodable records");
        SingleOutputStreamOperator<DecodedFrame> frames =
                afterSource
                        .apply(events)
                        .process(
                                new DecodeFunction(
                                        config.modelSpec(),
                                        config.imageLimits(),
                                        config.imageFetcher()),
                                TypeInformation.of(DecodedFrame.class))
                        .uid(DECODE_UID)
                        .name("Decode and validate");
        // With model control the classifier has two inputs and cannot chain to the decoder: frames
        // cross a network buffer, which Flink flushes when full or every 100 ms by default. A frame
        // should wait there no longer than the classifier waits for a batch to fill.
        frames.setBufferTimeout(config.classifierOptions().maxWait().toMillis());
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        deadLetters.add(events.getSideOutput(DeadLetters.TAG));
        deadLetters.add(frames.getSideOutput(DeadLetters.TAG));
        SingleOutputStreamOperator<Prediction> predictions;
        if (config.modelControl()) {
            predictions = controlledClassifier(env, config, frames, deadLetters);
        } else {
            predictions =
                    frames.transform(
                                    CLASSIFY_NAME,
                                    new AvroTypeInfo<>(Prediction.class),
                                    new MicroBatchClassifierOperator(config.classifierOptions()))
                            .uid(CLASSIFY_UID);
        }
        deadLetters.add(predictions.getSideOutput(DeadLetters.TAG));
        predictions
                .sinkTo(predictionsSink(config))
                .uid(PREDICTIONS_SINK_UID)
                .name("Kafka predictions");
        deadLetters.stream()
                .reduce(DataStream::union)
                .orElseThrow()
                .sinkTo(deadLetterSink(config))
                .uid(DEAD_LETTER_SINK_UID)
                .name("Kafka dead letters");
    }

    /**
     * The classifier with model control: descriptors from the control topic (one reader, so every
     * subtask sees them in the same order), broadcast beside the frames; shadow predictions and
     * status events to their topics.
     */
    private static SingleOutputStreamOperator<Prediction> controlledClassifier(
            StreamExecutionEnvironment env,
            FrameflowConfig config,
            DataStream<DecodedFrame> frames,
            List<DataStream<DeadLetter>> deadLetters) {
        SingleOutputStreamOperator<ModelDescriptor> descriptors =
                env.fromSource(
                                controlSource(config),
                                WatermarkStrategy.noWatermarks(),
                                "Kafka model descriptors")
                        .uid(MODEL_CONTROL_SOURCE_UID)
                        .setParallelism(1)
                        .process(
                                new SplitDeserializationFailures<
                                        DescriptorRecord, ModelDescriptor>(),
                                new AvroTypeInfo<>(ModelDescriptor.class))
                        .uid(MODEL_CONTROL_SPLIT_UID)
                        .name("Split undecodable descriptors")
                        .setParallelism(1);
        deadLetters.add(descriptors.getSideOutput(DeadLetters.TAG));
        SingleOutputStreamOperator<Prediction> predictions =
                frames.connect(descriptors.broadcast())
                        .transform(
                                CLASSIFY_NAME,
                                new AvroTypeInfo<>(Prediction.class),
                                new ModelControlledClassifierOperator(config.classifierOptions()))
                        .uid(CLASSIFY_UID);
        predictions
                .getSideOutput(AbstractClassifierOperator.SHADOW_PREDICTIONS)
                .sinkTo(shadowSink(config))
                .uid(SHADOW_SINK_UID)
                .name("Kafka shadow predictions");
        predictions
                .getSideOutput(ModelStatuses.TAG)
                .sinkTo(modelStatusSink(config))
                .uid(MODEL_STATUS_SINK_UID)
                .name("Kafka model status");
        return predictions;
    }

    static KafkaSource<SourceRecord> source(FrameflowConfig config) {
        OffsetsInitializer start =
                switch (config.get(STARTING_OFFSETS)) {
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                    case COMMITTED ->
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                };
        return KafkaSource.<SourceRecord>builder()
                .setProperties(config.kafkaProperties())
                .setTopics(config.get(INPUT_TOPIC))
                .setGroupId(config.get(GROUP_ID))
                .setStartingOffsets(start)
                .setDeserializer(
                        new ImageEventDeserializer(
                                codec(config, config.get(INPUT_TOPIC), ImageEvent.class)))
                .build();
    }

    /**
     * Event time from the record (the Kafka timestamp for undecodable ones); per-partition
     * watermarks, so a camera keyed to its partition keeps its own order.
     */
    static WatermarkStrategy<SourceRecord> watermarks(FrameflowConfig config) {
        Duration idle = config.get(IDLE_TIMEOUT);
        return WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(
                        config.get(OUT_OF_ORDERNESS))
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.event != null ? record.event.getEventTime() : kafkaTimestamp)
                .withIdleness(idle);
    }

    /** The Kafka sink of predictions, as the streaming job writes them. */
    public static KafkaSink<Prediction> predictionsSink(FrameflowConfig config) {
        return sink(
                config,
                "predictions",
                new AvroRecordSerializer<>(
                        config.get(OUTPUT_TOPIC),
                        codec(config, config.get(OUTPUT_TOPIC), Prediction.class),
                        Prediction::getSourceId));
    }

    /**
     * The model descriptors of the control topic, from its beginning on a fresh start (the topic is
     * the record of what was decided; after a restore the offsets come from the checkpoint). A
     * pattern subscription, so the job runs before the topic exists and picks it up once created.
     */
    static KafkaSource<DescriptorRecord> controlSource(FrameflowConfig config) {
        return KafkaSource.<DescriptorRecord>builder()
                .setProperties(config.kafkaProperties())
                .setTopicPattern(Pattern.compile(Pattern.quote(config.get(MODEL_CONTROL_TOPIC))))
                .setGroupId(config.get(GROUP_ID) + "-model-control")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty(
                        KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(),
                        Long.toString(CONTROL_TOPIC_DISCOVERY.toMillis()))
                .setDeserializer(
                        new ModelDescriptorDeserializer(
                                codec(
                                        config,
                                        config.get(MODEL_CONTROL_TOPIC),
                                        ModelDescriptor.class)))
                .build();
    }

    /** The Kafka sink of shadow predictions: the output topic's name + {@code -shadow}. */
    static KafkaSink<Prediction> shadowSink(FrameflowConfig config) {
        return sink(
                config,
                "shadow-predictions",
                new AvroRecordSerializer<>(
                        config.get(OUTPUT_TOPIC) + SHADOW_TOPIC_SUFFIX,
                        codec(
                                config,
                                config.get(OUTPUT_TOPIC) + SHADOW_TOPIC_SUFFIX,
                                Prediction.class),
                        Prediction::getSourceId));
    }

    /** The Kafka sink of model status events, keyed by job and subtask. */
    static KafkaSink<ModelStatus> modelStatusSink(FrameflowConfig config) {
        return sink(
                config,
                "model-status",
                new AvroRecordSerializer<>(
                        config.get(MODEL_STATUS_TOPIC),
                        codec(config, config.get(MODEL_STATUS_TOPIC), ModelStatus.class),
                        status -> status.getJobName() + "/" + status.getSubtask()));
    }

    /** The Kafka sink of dead letters, as the streaming job writes them. */
    public static KafkaSink<DeadLetter> deadLetterSink(FrameflowConfig config) {
        return sink(
                config,
                "dead-letters",
                new AvroRecordSerializer<>(
                        config.get(DEAD_LETTER_TOPIC),
                        codec(config, config.get(DEAD_LETTER_TOPIC), DeadLetter.class),
                        DeadLetter::getEventId));
    }

    /** The codec of the configured wire format for the values of a topic. */
    public static <T extends SpecificRecord> EventCodec<T> codec(
            FrameflowConfig config, String topic, Class<T> type) {
        return EventCodec.of(config.get(WIRE_FORMAT), config.schemaRegistry(), topic, type);
    }

    private static <T> KafkaSink<T> sink(
            FrameflowConfig config,
            String name,
            org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> serializer) {
        boolean exactlyOnce = config.get(DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE;
        var builder =
                KafkaSink.<T>builder()
                        .setKafkaProducerConfig(config.kafkaProperties())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(
                                exactlyOnce
                                        ? org.apache.flink.connector.base.DeliveryGuarantee
                                                .EXACTLY_ONCE
                                        : org.apache.flink.connector.base.DeliveryGuarantee
                                                .AT_LEAST_ONCE);
        if (exactlyOnce) {
            // Each sink needs its own prefix; a transaction must outlive a checkpoint interval.
            builder.setTransactionalIdPrefix(config.get(TRANSACTIONAL_ID_PREFIX) + "-" + name)
                    .setProperty(
                            "transaction.timeout.ms",
                            Long.toString(
                                    Math.max(
                                            60_000,
                                            config.get(CHECKPOINT_INTERVAL).toMillis() * 10)));
        }
        return builder.build();
    }
}
