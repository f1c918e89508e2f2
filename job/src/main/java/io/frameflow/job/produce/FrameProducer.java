package io.frameflow.job.produce;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.kafka.EventCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes frames as {@code ImageEvent}s, spread round-robin over N simulated cameras (the Kafka
 * key, so a camera stays in one partition) at F frames per second each. Idempotent producer, {@code
 * acks=all}; everything sent is flushed before {@link #run} returns.
 */
public final class FrameProducer {

    /** What to produce. */
    public record Settings(
            int cameras, double fpsPerCamera, boolean loop, long limit, int corruptEvery) {
        public Settings {
            if (cameras < 1) {
                throw new IllegalArgumentException("producer.cameras must be >= 1, was " + cameras);
            }
            if (fpsPerCamera < 0) {
                throw new IllegalArgumentException(
                        "producer.fps must be >= 0, was " + fpsPerCamera);
            }
            if (limit < 0 || corruptEvery < 0) {
                throw new IllegalArgumentException(
                        "producer.limit and producer.corrupt-every must be >= 0");
            }
        }
    }

    /** Opens a fresh frame source (again, when looping). */
    public interface SourceFactory {
        FrameSource open() throws IOException;
    }

    private final Properties kafka;
    private final String topic;
    private final EventCodec<ImageEvent> codec;
    private final Settings settings;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sentSoFar = new AtomicLong();
    private final AtomicLong damagedSoFar = new AtomicLong();

    public FrameProducer(
            Properties kafka, String topic, EventCodec<ImageEvent> codec, Settings settings) {
        this.kafka = kafka;
        this.topic = topic;
        this.codec = codec;
        this.settings = settings;
    }

    /** Records handed to the Kafka producer so far, damaged ones included. */
    public long sentSoFar() {
        return sentSoFar.get();
    }

    /** Records damaged on purpose so far. */
    public long damagedSoFar() {
        return damagedSoFar.get();
    }

    /**
     * Sends until the source ends (or the limit, or {@code stop}), printing a progress line each
     * second to {@code progress} (null for none).
     */
    public ProduceStats run(SourceFactory sources, AtomicBoolean stop, PrintStream progress)
            throws IOException {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        AtomicReference<Exception> sendError = new AtomicReference<>();
        long sent = 0;
        long damaged = 0;
        long start = System.nanoTime();
        double rate = settings.cameras() * settings.fpsPerCamera();
        long lastReport = start;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            FrameSource source = sources.open();
            try {
                while (!stop.get() && (settings.limit() == 0 || sent < settings.limit())) {
                    Optional<SourceFrame> frame = source.next();
                    if (frame.isEmpty()) {
                        if (!settings.loop() || sent == 0) {
                            break;
                        }
                        source.close();
                        source = sources.open();
                        continue;
                    }
                    if (rate > 0) {
                        pace(start, sent, rate);
                    }
                    String camera = "camera-" + (sent % settings.cameras());
                    boolean damage =
                            settings.corruptEvery() > 0
                                    && sent % settings.corruptEvery()
                                            == settings.corruptEvery() - 1;
                    byte[] value =
                            damage
                                    ? damaged(frame.get(), damaged++, camera, sent)
                                    : encode(frame.get(), camera, sent);
                    producer.send(
                            new ProducerRecord<>(
                                    topic, camera.getBytes(StandardCharsets.UTF_8), value),
                            (metadata, e) -> {
                                if (e != null) {
                                    sendError.compareAndSet(null, e);
                                }
                            });
                    sent++;
                    sentSoFar.set(sent);
                    damagedSoFar.set(damaged);
                    if (sendError.get() != null) {
                        throw new IOException(
                                "Kafka send failed: " + sendError.get().getMessage(),
                                sendError.get());
                    }
                    long now = System.nanoTime();
                    if (progress != null && now - lastReport > 1_000_000_000L) {
                        lastReport = now;
                        progress.printf(
                                Locale.ROOT,
                                "\rsent %,d frames (%,d damaged), %.1f frames/s   ",
                                sent,
                                damaged,
                                sent / ((now - start) / 1e9));
                        progress.flush();
                    }
                }
            } finally {
                source.close();
            }
            producer.flush();
        }
        if (sendError.get() != null) {
            throw new IOException(
                    "Kafka send failed: " + sendError.get().getMessage(), sendError.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (progress != null) {
            progress.printf(
                    Locale.ROOT,
                    "\rsent %,d frames (%,d damaged) in %.1f s%n",
                    sent,
                    damaged,
                    seconds);
        }
        return new ProduceStats(sent, damaged, seconds);
    }

    private byte[] encode(SourceFrame frame, String camera, long seq) throws IOException {
        return codec.encode(event(frame, camera, seq, frame.bytes()));
    }

    /** Rotates through three kinds of damage: truncated image, garbage image, non-Avro record. */
    private byte[] damaged(SourceFrame frame, long n, String camera, long seq) throws IOException {
        return switch ((int) (n % 3)) {
            case 0 ->
                    codec.encode(
                            event(
                                    frame,
                                    camera,
                                    seq,
                                    Arrays.copyOf(frame.bytes(), frame.bytes().length / 2)));
            case 1 ->
                    codec.encode(
                            event(
                                    frame,
                                    camera,
                                    seq,
                                    "not an image".getBytes(StandardCharsets.UTF_8)));
            default -> ("not an ImageEvent " + seq).getBytes(StandardCharsets.UTF_8);
        };
    }

    private ImageEvent event(SourceFrame frame, String camera, long seq, byte[] payload) {
        long now = System.currentTimeMillis();
        HashMap<String, String> attributes = new HashMap<>();
        attributes.put("name", frame.name());
        return ImageEvent.newBuilder()
                .setId(runId + "-" + seq)
                .setSourceId(camera)
                .setEventTime(now)
                .setIngestTime(now)
                .setContentType(frame.contentType())
                .setPayload(ByteBuffer.wrap(payload))
                .setLabel(frame.label())
                .setAttributes(attributes)
                .build();
    }

    private static void pace(long start, long sent, double rate) {
        long due = start + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
