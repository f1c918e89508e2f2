package io.frameflow.job.kafka;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code ModelDescriptor}s from the control topic and never throws: a record that is not a
 * valid descriptor becomes a dead letter with its coordinates, so a stray message on the control
 * topic can neither fail the job nor change its models.
 */
public final class ModelDescriptorDeserializer
        implements KafkaRecordDeserializationSchema<DescriptorRecord> {
    private static final long serialVersionUID = 1L;

    private final EventCodec<ModelDescriptor> codec;

    public ModelDescriptorDeserializer(EventCodec<ModelDescriptor> codec) {
        this.codec = codec;
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<DescriptorRecord> out) {
        DescriptorRecord result = new DescriptorRecord();
        try {
            if (record.value() == null) {
                throw new IOException("Kafka record has no value (a tombstone)");
            }
            result.descriptor = codec.decode(record.value());
        } catch (IOException | RuntimeException e) {
            result.deadLetter =
                    DeadLetters.ofRecord(
                            SourceCoordinates.newBuilder()
                                    .setTopic(record.topic())
                                    .setPartition(record.partition())
                                    .setOffset(record.offset())
                                    .build(),
                            record.value(),
                            Stage.DESERIALIZE,
                            e);
        }
        out.collect(result);
    }

    @Override
    public TypeInformation<DescriptorRecord> getProducedType() {
        return TypeInformation.of(DescriptorRecord.class);
    }
}
