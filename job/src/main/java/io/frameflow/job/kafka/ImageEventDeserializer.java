package io.frameflow.job.kafka;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import io.frameflow.job.kafka.registry.SchemaRegistryException;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.deadletter.SourceAttributes;
import java.io.IOException;
import java.util.HashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code ImageEvent}s from Kafka record values and never throws: a record that is not a valid
 * event (garbage, truncated, another schema, an unknown registry schema id, no value) becomes a
 * dead letter with its topic, partition and offset, so it can neither fail nor restart the job.
 * Valid events get their coordinates as {@link SourceAttributes}. A schema registry that cannot be
 * asked is not the record's fault: that fails the task, and the record is read again after the
 * restart.
 */
public final class ImageEventDeserializer
        implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final EventCodec<ImageEvent> codec;

    public ImageEventDeserializer(EventCodec<ImageEvent> codec) {
        this.codec = codec;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        // Collect outside the try: the collector runs the chained operators downstream, and
        // their failures must fail the task, not turn this record into a dead letter.
        out.collect(read(record));
    }

    private SourceRecord read(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IOException("Kafka record has no value (a tombstone)");
            }
            ImageEvent event = codec.decode(record.value());
            if (event.getId().isBlank()) {
                throw new IOException("ImageEvent has an empty id");
            }
            HashMap<String, String> attributes = new HashMap<>(event.getAttributes());
            SourceAttributes.putKafka(
                    attributes, record.topic(), record.partition(), record.offset());
            event.setAttributes(attributes);
            return SourceRecord.ok(event);
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            SourceCoordinates coordinates =
                    SourceCoordinates.newBuilder()
                            .setTopic(record.topic())
                            .setPartition(record.partition())
                            .setOffset(record.offset())
                            .build();
            return SourceRecord.failed(
                    DeadLetters.ofRecord(coordinates, record.value(), Stage.DESERIALIZE, e));
        }
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
