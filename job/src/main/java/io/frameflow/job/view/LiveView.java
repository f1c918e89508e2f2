package io.frameflow.job.view;

import static io.frameflow.job.config.FrameflowOptions.*;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.InvalidConfigException;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A live web view of a running Frameflow stream: one page, updated by Server-Sent Events, with the
 * latest frames per camera as thumbnails beside their labels, throughput and latency charts, dead
 * letters by stage with their reasons, and the model. It reads the job's committed output (and its
 * input frames, for the images) from Kafka; it needs nothing from the job itself. This class is the
 * view's one door: the command line and the demo start it here.
 */
public final class LiveView implements AutoCloseable {

    private final ViewState state;
    private final EventStream events;
    private final TopicReader reader;
    private final ViewServer server;
    private final ScheduledExecutorService publisher;

    private LiveView(
            ViewState state,
            EventStream events,
            TopicReader reader,
            ViewServer server,
            ScheduledExecutorService publisher) {
        this.state = state;
        this.events = events;
        this.reader = reader;
        this.server = server;
        this.publisher = publisher;
    }

    /**
     * Starts the view: its HTTP server, the Kafka reader and the updates.
     *
     * @param job the Kafka settings and topics, as the job has them: kafka.output-topic holds the
     *     predictions, kafka.input-topic the frames, kafka.dead-letter-topic the dead letters
     * @param view the view's own settings
     * @param anyPortIfTaken take any free port when view.port is taken (else that is an error)
     * @throws InvalidConfigException when the address cannot be bound
     */
    public static LiveView start(FrameflowConfig job, ViewConfig view, boolean anyPortIfTaken)
            throws IOException {
        TopicReader.Topics topics =
                new TopicReader.Topics(
                        job.get(OUTPUT_TOPIC), job.get(INPUT_TOPIC), job.get(DEAD_LETTER_TOPIC));
        ViewState state =
                new ViewState(
                        view,
                        new ViewSnapshot.Source(
                                job.get(BOOTSTRAP_SERVERS),
                                topics.predictions(),
                                topics.frames(),
                                topics.deadLetters()));
        EventStream events = new EventStream(view.clientQueue(), view.maxClients());
        Thumbnails thumbnails = new Thumbnails(job.imageLimits(), view.thumbnailSize());
        WireFormat format = job.get(WIRE_FORMAT);
        SchemaRegistrySettings registry = job.schemaRegistry(); // for the confluent format
        TopicReader reader =
                new TopicReader(
                        job.kafkaProperties(),
                        topics,
                        new TopicReader.Codecs(
                                EventCodec.of(format, registry, null, Prediction.class),
                                EventCodec.of(format, registry, null, ImageEvent.class),
                                EventCodec.of(format, registry, null, DeadLetter.class)),
                        view.fromBeginning(),
                        state);
        ViewServer server;
        try {
            server = bind(view, anyPortIfTaken, state, events, thumbnails);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        ScheduledExecutorService publisher =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "frameflow-view-updates");
                            t.setDaemon(true);
                            return t;
                        });
        LiveView live = new LiveView(state, events, reader, server, publisher);
        reader.start();
        long refresh = view.refresh().toMillis();
        publisher.scheduleAtFixedRate(live::publish, 0, refresh, TimeUnit.MILLISECONDS);
        return live;
    }

    /** The server on view.port, or on any free port when that is taken and allowed. */
    private static ViewServer bind(
            ViewConfig view,
            boolean anyPortIfTaken,
            ViewState state,
            EventStream events,
            Thumbnails thumbnails)
            throws IOException {
        Page page = Page.load();
        IntFunction<ViewServer> serve =
                port -> {
                    try {
                        return ViewServer.start(
                                view.bind(),
                                port,
                                page,
                                events,
                                id -> state.tile(id).flatMap(tile -> tile.thumbnail(thumbnails)),
                                () -> SnapshotJson.of(snapshot(state, events)),
                                view.maxClients());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
        try {
            return serve.apply(view.port());
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof BindException)) {
                throw e.getCause();
            }
            if (anyPortIfTaken && view.port() != 0) {
                return serve.apply(0);
            }
            throw new InvalidConfigException(
                    String.format(
                            "Cannot listen on %s:%d (%s): %s; choose another with --port (0 takes"
                                    + " any free port) or --bind",
                            view.bind(),
                            view.port(),
                            ViewOptions.PORT.key(),
                            e.getCause().getMessage()),
                    e.getCause());
        }
    }

    /** Where a browser finds the page, e.g. {@code http://localhost:8090/}. */
    public URI address() {
        return server.address();
    }

    private void publish() {
        try {
            events.publish("snapshot", SnapshotJson.of(snapshot(state, events)));
        } catch (RuntimeException e) {
            // One bad snapshot must not end the updates (a scheduled task that throws stops).
            state.status("could not render an update: " + e);
        }
    }

    private static ViewSnapshot snapshot(ViewState state, EventStream events) {
        return state.snapshot(
                System.currentTimeMillis(),
                System.nanoTime(),
                new ViewSnapshot.Browsers(events.connected(), events.dropped()));
    }

    @Override
    public void close() throws InterruptedException {
        publisher.shutdownNow();
        try {
            server.close();
        } finally {
            reader.close();
        }
    }
}
