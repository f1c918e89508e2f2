package io.frameflow.job.view;

import static io.frameflow.job.view.ViewEvents.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ImageEvent;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.local.TopicCreation;
import io.frameflow.job.produce.FashionMnistFrames;
import io.frameflow.job.produce.FrameProducer;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.StreamJobs;
import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live view in a real browser against a real stream: a Kafka broker, the streaming job on a
 * MiniCluster, a producer replaying Fashion-MNIST as four cameras (every tenth frame damaged), the
 * view, and headless Chromium reading the rendered DOM: thumbnails with labels, counters that
 * advance, dead letters by stage, and a camera id and a ground-truth label that are HTML shown as
 * text, never markup. A screenshot goes to {@code target/live-view.png}.
 */
class LiveViewBrowserITCase {

    private static final int PARALLELISM = 2;
    private static final int CAMERAS = 4;
    private static final int THUMBNAILS = 12;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.withSlots(PARALLELISM);

    @Test
    void thePageShowsFramesWithLabelsLiveAndWireStringsAsText() throws Exception {
        AtomicBoolean stopProducing = new AtomicBoolean();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            FrameflowConfig config =
                    FrameflowConfig.of(StreamJobs.configuration(kafka.bootstrapServers(), "view"));
            TopicCreation.create(
                    kafka.bootstrapServers(),
                    PARALLELISM,
                    config.get(FrameflowOptions.INPUT_TOPIC),
                    config.get(FrameflowOptions.OUTPUT_TOPIC),
                    config.get(FrameflowOptions.DEAD_LETTER_TOPIC));
            JobClient job =
                    StreamJobs.start(
                            config, PARALLELISM, "frameflow-live-view", UnaryOperator.identity());
            Thread producer = produce(config, stopProducing);
            try (LiveView view = LiveView.start(config, viewConfig(), false);
                    LiveViewPage page = LiveViewPage.open(view.address())) {
                page.awaitThumbnailsWithLabels(THUMBNAILS);
                page.awaitPredictions(page.predictions() + 20);
                assertThat(
                                page.evaluate("document.getElementById('model').textContent")
                                        .getAsString())
                        .as("model id (first 12 hex digits of its SHA-256)")
                        .matches("fashion_mnist_mobilenet_v1 \\([0-9a-f]{12}\\)");
                page.awaitAtLeast(
                        "document.querySelectorAll('#dead-letters tr.stage').length",
                        1,
                        "dead letters by stage");

                stopProducing.set(true); // a still page for the screenshot: every thumbnail loaded
                producer.join(30_000);
                page.awaitSettled();
                Path screenshot = page.screenshot(Path.of("target", "live-view.png"));
                assertThat(ImageIO.read(screenshot.toFile()).getWidth())
                        .isEqualTo(LiveViewPage.WIDTH);

                produceHostileFrames(config);
                page.awaitAtLeast(hostileCameraShownAsText(), 1, "the hostile camera and label");
                page.awaitAtLeast(
                        "[...document.querySelectorAll('#dead-letters .when')].filter(w =>"
                                + " w.textContent.includes("
                                + jsString(HOSTILE)
                                + ")).length",
                        1,
                        "the hostile camera of a dead letter");
                assertThat(
                                page.evaluate("document.querySelectorAll('img[src=\"x\"]').length")
                                        .getAsInt())
                        .as("no element was made from a wire string")
                        .isZero();
                assertThat(page.dialogs()).as("no script from the wire ran").isEmpty();

            } finally {
                stopProducing.set(true);
                producer.join(30_000);
                job.cancel().get();
            }
        }
    }

    /** A camera section whose id is the hostile string, with a tile marked wrong against it. */
    private static String hostileCameraShownAsText() {
        return "[...document.querySelectorAll('#cameras .camera')].filter(c =>"
                + " c.querySelector('.camera-id').textContent === "
                + jsString(HOSTILE)
                + " && [...c.querySelectorAll('.tile.wrong .truth')].some(t =>"
                + " t.textContent.includes("
                + jsString(HOSTILE)
                + "))).length";
    }

    private static ViewConfig viewConfig() {
        Configuration conf = new Configuration();
        conf.set(ViewOptions.PORT, 0);
        conf.set(ViewOptions.FROM_BEGINNING, true);
        conf.set(ViewOptions.HISTORY, Duration.ofMinutes(1)); // 1 s points: a chart in seconds
        conf.set(ViewOptions.REFRESH, Duration.ofMillis(500));
        return ViewConfig.of(conf);
    }

    /** Fashion-MNIST as four cameras at 5 frames/s each, every tenth frame damaged. */
    private static Thread produce(FrameflowConfig config, AtomicBoolean stop) {
        FrameProducer producer =
                new FrameProducer(
                        config.kafkaProperties(),
                        config.get(FrameflowOptions.INPUT_TOPIC),
                        EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class),
                        new FrameProducer.Settings(CAMERAS, 5, true, 0, 10));
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                producer.run(
                                        () -> new FashionMnistFrames(FashionMnist.testSet()),
                                        stop,
                                        null);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "live-view-test-producer");
        thread.start();
        return thread;
    }

    /**
     * A valid frame whose camera id and ground-truth label are HTML, and a damaged one from the
     * same camera (its dead letter names the camera).
     */
    private static void produceHostileFrames(FrameflowConfig config) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(FashionMnist.testSet().image(1), "png", png);
        EventCodec<ImageEvent> codec =
                EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, ImageEvent.class);
        Properties props = config.kafkaProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] payload :
                    new byte[][] {png.toByteArray(), HOSTILE.getBytes(StandardCharsets.UTF_8)}) {
                ImageEvent event =
                        ImageEvent.newBuilder()
                                .setId("hostile-" + System.nanoTime())
                                .setSourceId(HOSTILE)
                                .setEventTime(System.currentTimeMillis())
                                .setPayload(ByteBuffer.wrap(payload))
                                .setLabel(HOSTILE)
                                .setAttributes(new HashMap<>())
                                .build();
                producer.send(
                                new ProducerRecord<>(
                                        config.get(FrameflowOptions.INPUT_TOPIC),
                                        HOSTILE.getBytes(StandardCharsets.UTF_8),
                                        codec.encode(event)))
                        .get();
            }
        }
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
