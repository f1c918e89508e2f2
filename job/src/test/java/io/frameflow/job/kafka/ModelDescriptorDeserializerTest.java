package io.frameflow.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.event.Stage;
import io.frameflow.job.config.WireFormat;
import io.frameflow.operators.control.ModelDescriptors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ModelDescriptorDeserializerTest {

    private final EventCodec<ModelDescriptor> codec =
            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ModelDescriptor.class);

    @Test
    void aDescriptorIsReadAndAnythingElseBecomesADeadLetterWithItsCoordinates() throws Exception {
        ModelDescriptor d =
                ModelDescriptors.create(
                        "coarse", "/m/coarse", "a".repeat(64), ModelRole.CANARY, 10.0, "ops");

        DescriptorRecord good = deserialize(codec.encode(d));
        DescriptorRecord bad = deserialize("not a descriptor".getBytes(StandardCharsets.UTF_8));

        assertThat(good.descriptor).isEqualTo(d);
        assertThat(good.deadLetter).isNull();
        assertThat(bad.descriptor).isNull();
        assertThat(bad.deadLetter.getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(bad.deadLetter.getCoordinates().getTopic()).isEqualTo("frameflow-models");
        assertThat(bad.deadLetter.getCoordinates().getOffset()).isEqualTo(7L);
        assertThat(deserialize(null).deadLetter.getErrorMessage()).contains("tombstone");
    }

    private DescriptorRecord deserialize(byte[] value) throws Exception {
        List<DescriptorRecord> out = new ArrayList<>();
        new ModelDescriptorDeserializer(codec)
                .deserialize(
                        new ConsumerRecord<>("frameflow-models", 0, 7L, null, value),
                        new Collector<>() {
                            @Override
                            public void collect(DescriptorRecord record) {
                                out.add(record);
                            }

                            @Override
                            public void close() {}
                        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
