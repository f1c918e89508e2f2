package io.frameflow.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.registry.SchemaRegistryException;
import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Confluent codec's behaviour that needs no registry: framing errors are found before any
 * request, and a registry nobody answers for is retried, then fails the task instead of making dead
 * letters. What needs a registry is in {@code ConfluentAvroCodecITCase}.
 */
class ConfluentAvroCodecTest {

    @Test
    void valuesThatAreNotFramedBecomeDeadLettersWithoutAskingTheRegistry() {
        // Nothing listens there and nothing is retried: a request would fail the test at once.
        EventCodec<ImageEvent> codec = codec(Duration.ZERO);
        List<byte[]> values =
                List.of(
                        new byte[0],
                        new byte[] {0, 0, 1},
                        new byte[] {1, 0, 0, 0, 1, 2, 3},
                        "garbage".getBytes(StandardCharsets.UTF_8));

        for (byte[] value : values) {
            SourceRecord out = Deserialized.of(codec, value);
            assertThat(out.event).isNull();
            assertThat(out.deadLetter.getStage()).isEqualTo(Stage.DESERIALIZE);
            assertThat(out.deadLetter.getErrorMessage())
                    .startsWith("Not the Confluent wire format");
        }
    }

    @Test
    void anUnreachableRegistryIsRetriedThenFailsTheTaskWithoutADeadLetter() {
        EventCodec<ImageEvent> codec = codec(Duration.ofSeconds(1));
        long start = System.nanoTime();

        assertThatThrownBy(() -> Deserialized.of(codec, new byte[] {0, 0, 0, 0, 7, 2, 4}))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema registry unavailable at [http://127.0.0.1:")
                .hasMessageContaining("retried for 1 s")
                .hasMessageContaining("GET http://127.0.0.1:")
                .hasMessageContaining("/schemas/ids/7");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void writersRetryAnUnreachableRegistryTooThenFail() {
        EventCodec<ImageEvent> codec = codec(Duration.ofMillis(300));

        assertThatThrownBy(
                        () ->
                                codec.encode(
                                        ImageEvent.newBuilder()
                                                .setId("e")
                                                .setSourceId("c")
                                                .setEventTime(1L)
                                                .build()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("POST http://127.0.0.1:")
                .hasMessageContaining("/subjects/frames-value/versions");
    }

    @Test
    void incompatibilitiesAreNamedByFieldNotByJsonPointer() {
        assertThat(ConfluentAvroCodec.fieldPath(ImageEvent.getClassSchema(), "/fields/2/type"))
                .isEqualTo("eventTime");
        assertThat(
                        ConfluentAvroCodec.fieldPath(
                                Prediction.getClassSchema(), "/fields/3/type/items/fields/1/type"))
                .isEqualTo("topK.probability");
        assertThat(ConfluentAvroCodec.fieldPath(ImageEvent.getClassSchema(), "/fields/99/type"))
                .isEqualTo("/fields/99/type");
        assertThat(ConfluentAvroCodec.fieldPath(ImageEvent.getClassSchema(), "/symbols"))
                .isEqualTo("/symbols");
    }

    @Test
    void theConfluentFormatNeedsARegistry() {
        assertThatThrownBy(() -> EventCodec.of(WireFormat.CONFLUENT, ImageEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema-registry.url");
    }

    private static EventCodec<ImageEvent> codec(Duration retryTimeout) {
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.of("http://127.0.0.1:" + closedPort())
                        .withTimeouts(Duration.ofSeconds(2), retryTimeout);
        return EventCodec.of(WireFormat.CONFLUENT, settings, "frames", ImageEvent.class);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
