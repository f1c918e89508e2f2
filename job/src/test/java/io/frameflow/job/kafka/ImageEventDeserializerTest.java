package io.frameflow.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Stage;
import io.frameflow.job.config.WireFormat;
import io.frameflow.operators.deadletter.SourceAttributes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageEventDeserializerTest {

    @ParameterizedTest // the registry's format: ConfluentAvroCodecTest and its ITCase
    @EnumSource(value = WireFormat.class, names = "CONFLUENT", mode = EnumSource.Mode.EXCLUDE)
    void validEventsCarryTheirKafkaCoordinates(WireFormat format) throws Exception {
        EventCodec<ImageEvent> codec = EventCodec.of(format, ImageEvent.class);
        ImageEvent event = Deserialized.of(codec, codec.encode(event())).event;
        assertThat(event.getId()).isEqualTo("e-1");
        assertThat(event.getAttributes())
                .containsEntry(SourceAttributes.TOPIC, "frames")
                .containsEntry(SourceAttributes.PARTITION, "3")
                .containsEntry(SourceAttributes.OFFSET, "42")
                .containsEntry("camera", "north");
    }

    @ParameterizedTest // the registry's format: ConfluentAvroCodecTest and its ITCase
    @EnumSource(value = WireFormat.class, names = "CONFLUENT", mode = EnumSource.Mode.EXCLUDE)
    void garbageTruncatedAndEmptyRecordsBecomeDeserializeDeadLetters(WireFormat format)
            throws Exception {
        EventCodec<ImageEvent> codec = EventCodec.of(format, ImageEvent.class);
        byte[] valid = codec.encode(event());
        List<byte[]> bad =
                Arrays.asList(
                        "garbage".getBytes(StandardCharsets.UTF_8),
                        Arrays.copyOf(valid, valid.length / 2),
                        new byte[0],
                        null);

        for (byte[] value : bad) {
            SourceRecord out = Deserialized.of(codec, value);
            assertThat(out.event).isNull();
            assertThat(out.deadLetter.getStage()).isEqualTo(Stage.DESERIALIZE);
            assertThat(out.deadLetter.getCoordinates().getOffset()).isEqualTo(42L);
            assertThat(out.deadLetter.getErrorMessage()).isNotBlank();
        }
    }

    @Test
    void singleObjectEncodingRefusesAnUnknownSchemaFingerprint() throws Exception {
        EventCodec<ImageEvent> codec =
                EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);
        byte[] value = codec.encode(event());
        value[2] ^= 0x5a; // bytes 2-9 are the fingerprint

        SourceRecord out = Deserialized.of(codec, value);

        assertThat(out.deadLetter.getErrorMessage()).containsIgnoringCase("schema");
    }

    @Test
    void aFailureDownstreamIsNotMistakenForABadRecord() throws Exception {
        EventCodec<ImageEvent> codec = EventCodec.of(WireFormat.AVRO_BINARY, ImageEvent.class);
        ImageEventDeserializer deserializer = new ImageEventDeserializer(codec);
        Collector<SourceRecord> failing =
                new Collector<>() {
                    @Override
                    public void collect(SourceRecord record) {
                        throw new IllegalStateException("task failure downstream");
                    }

                    @Override
                    public void close() {}
                };

        assertThatThrownBy(() -> deserializer.deserialize(record(codec.encode(event())), failing))
                .hasMessage("task failure downstream");
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("frames", 3, 42L, null, value);
    }

    private static ImageEvent event() {
        HashMap<String, String> attributes = new HashMap<>();
        attributes.put("camera", "north");
        return ImageEvent.newBuilder()
                .setId("e-1")
                .setSourceId("camera-1")
                .setEventTime(5L)
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setAttributes(attributes)
                .build();
    }
}
