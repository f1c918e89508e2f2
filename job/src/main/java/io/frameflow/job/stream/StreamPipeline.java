package io.frameflow.job.stream;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.DeliveryGuarantee;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.kafka.AvroRecordSerializer;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.kafka.ImageEventDeserializer;
import io.frameflow.job.kafka.SourceRecord;
import io.frameflow.job.kafka.SplitDeserializationFailures;
import io.frameflow.operators.classify.MicroBatchClassifierOperator;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodeFunction;
import io.frameflow.operators.decode.DecodedFrame;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires the streaming job: Kafka frames → split undecodable records → decode → micro-batching
 * classifier → Kafka predictions, with the dead letters of every stage to a dead-letter topic.
 * Every operator has a stable uid (savepoints survive upgrades) and a readable name.
 */
public final class StreamPipeline {

    public static final String SOURCE_UID = "frames-source";
    public static final String SPLIT_UID = "split-deserialization-failures";
    public static final String DECODE_UID = "decode";
    public static final String CLASSIFY_UID = "classify";
    public static final String PREDICTIONS_SINK_UID = "predictions-sink";
    public static final String DEAD_LETTER_SINK_UID = "dead-letters-sink";

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
                                new SplitDeserializationFailures(),
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
        SingleOutputStreamOperator<Prediction> predictions =
                frames.transform(
                                "Classify (micro-batches)",
                                new AvroTypeInfo<>(Prediction.class),
                                new MicroBatchClassifierOperator(config.classifierOptions()))
                        .uid(CLASSIFY_UID);
        predictions
                .sinkTo(predictionsSink(config))
                .uid(PREDICTIONS_SINK_UID)
                .name("Kafka predictions");
        events.getSideOutput(DeadLetters.TAG)
                .union(
                        frames.getSideOutput(DeadLetters.TAG),
                        predictions.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetterSink(config))
                .uid(DEAD_LETTER_SINK_UID)
                .name("Kafka dead letters");
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
