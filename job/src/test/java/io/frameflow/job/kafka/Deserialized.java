package io.frameflow.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Runs the frames source's deserializer on one record value, as the Kafka source would. */
final class Deserialized {

    private Deserialized() {}

    /** What the deserializer emits for a value at frames/3/42: exactly one record. */
    static SourceRecord of(EventCodec<ImageEvent> codec, byte[] value) {
        List<SourceRecord> out = new ArrayList<>();
        new ImageEventDeserializer(codec)
                .deserialize(
                        new ConsumerRecord<>("frames", 3, 42L, null, value),
                        new Collector<>() {
                            @Override
                            public void collect(SourceRecord record) {
                                out.add(record);
                            }

                            @Override
                            public void close() {}
                        });
        assertThat(out).as("records emitted for one Kafka record").hasSize(1);
        return out.get(0);
    }
}
