package io.frameflow.job.view;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.Prediction;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the view knows, updated by the Kafka reader and read by the page: the frame/prediction join,
 * the latest tiles per camera, the charts' timeline, dead letters by stage and the totals. Every
 * collection is bounded, and every string from the wire is clipped, so a hostile or endless stream
 * cannot grow it. Thread-safe.
 */
final class ViewState {

    /** Longest string kept from the wire (labels, camera and event ids). */
    static final int MAX_TEXT = 120;

    /** Longest dead-letter reason kept. */
    static final int MAX_REASON = 400;

    /** Latest reasons kept per dead-letter stage. */
    static final int REASONS_PER_STAGE = 5;

    private static final long RATE_WINDOW_NANOS = 10_000_000_000L;
    private static final long RATE_STEP_NANOS = 100_000_000L;

    private final ViewConfig config;
    private final ViewSnapshot.Source source;
    private final FrameJoin join;
    private final Timeline timeline;
    private final LinkedHashMap<String, ArrayDeque<Tile>> cameras;
    private final Map<Long, Tile> tiles = new HashMap<>();

    /**
     * Tiles that just left the page, still served for a while: a browser may ask for a thumbnail of
     * the last update after the next burst of predictions pushed its tile out. As many as the page
     * shows, oldest out first.
     */
    private final LinkedHashMap<Long, Tile> retired;

    private final Map<io.frameflow.event.Stage, Long> deadLetterCounts =
            new EnumMap<>(io.frameflow.event.Stage.class);
    private final Map<io.frameflow.event.Stage, ArrayDeque<ViewSnapshot.Reason>> reasons =
            new EnumMap<>(io.frameflow.event.Stage.class);
    private final ArrayDeque<long[]> readTimes = new ArrayDeque<>();

    private long nextTileId = 1;
    private long predictions;
    private long labelled;
    private long correct;
    private long frames;
    private long deadLetters;
    private long unreadable;
    private ViewSnapshot.Model model;
    private String status = "starting";

    ViewState(ViewConfig config, ViewSnapshot.Source source) {
        this.config = config;
        this.source = source;
        this.join =
                new FrameJoin(
                        config.joinFramesPerCamera(),
                        config.joinMemoryBytes(),
                        config.joinTimeout().toNanos(),
                        config.maxCameras() * 4);
        this.timeline = new Timeline(config.history());
        this.retired =
                new LinkedHashMap<>() {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Tile> eldest) {
                        return size() > config.maxCameras() * config.tilesPerCamera();
                    }
                };
        // Access order: the camera seen least recently is the first to make room.
        this.cameras =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Tile>> e) {
                        if (size() <= config.maxCameras()) {
                            return false;
                        }
                        e.getValue().forEach(ViewState.this::retire);
                        return true;
                    }
                };
    }

    /** A frame was read: it waits in the join for its prediction. */
    synchronized void frame(ImageEvent event, long nowNanos) {
        frames++;
        join.add(
                new FrameJoin.Waiting(
                        event.getId(),
                        clip(event.getSourceId(), MAX_TEXT),
                        bytesOf(event.getPayload()),
                        nowNanos));
    }

    /** A committed prediction was read: it becomes a tile, with its frame when the join has it. */
    synchronized void prediction(Prediction p, long nowMillis, long nowNanos) {
        predictions++;
        LabelProbability top = p.getTopK().isEmpty() ? null : p.getTopK().get(0);
        String label = top == null ? "(no label)" : clip(top.getLabel(), MAX_TEXT);
        String truth = p.getGroundTruth() == null ? null : clip(p.getGroundTruth(), MAX_TEXT);
        if (truth != null) {
            labelled++;
            if (truth.equals(label)) {
                correct++;
            }
        }
        model =
                new ViewSnapshot.Model(
                        clip(p.getModelId(), MAX_TEXT), clip(p.getModelVersion(), MAX_TEXT));
        long latency = p.getTimings().getEndToEndMillis();
        timeline.add(p.getEmitTime(), latency, nowMillis);
        if (readTimes.isEmpty() || nowNanos - readTimes.peekLast()[0] >= RATE_STEP_NANOS) {
            readTimes.addLast(new long[] {nowNanos, predictions}); // at most one entry a step
        }
        Optional<FrameJoin.Waiting> frame = join.join(p.getEventId());
        String camera = clip(p.getSourceId(), MAX_TEXT);
        Tile tile =
                new Tile(
                        nextTileId++,
                        camera,
                        clip(p.getEventId(), MAX_TEXT),
                        label,
                        top == null || !Float.isFinite(top.getProbability())
                                ? 0f
                                : top.getProbability(),
                        truth,
                        p.getEventTime(),
                        latency,
                        frame.map(FrameJoin.Waiting::image).orElse(null),
                        frame.isPresent() ? "image given by URI" : "frame not read");
        ArrayDeque<Tile> row = cameras.computeIfAbsent(camera, c -> new ArrayDeque<>());
        row.addFirst(tile);
        tiles.put(tile.id, tile);
        while (row.size() > config.tilesPerCamera()) {
            retire(row.removeLast());
        }
    }

    private void retire(Tile tile) {
        tiles.remove(tile.id);
        retired.put(tile.id, tile);
    }

    /** A committed dead letter was read. */
    synchronized void deadLetter(DeadLetter d, long nowMillis) {
        deadLetters++;
        deadLetterCounts.merge(d.getStage(), 1L, Long::sum);
        ArrayDeque<ViewSnapshot.Reason> recent =
                reasons.computeIfAbsent(d.getStage(), s -> new ArrayDeque<>());
        recent.addFirst(
                new ViewSnapshot.Reason(
                        d.getTime() > 0 ? d.getTime() : nowMillis,
                        clip(d.getSourceId(), MAX_TEXT),
                        clip(d.getEventId(), MAX_TEXT),
                        clip(d.getErrorClass(), MAX_TEXT),
                        clip(d.getErrorMessage(), MAX_REASON)));
        while (recent.size() > REASONS_PER_STAGE) {
            recent.removeLast();
        }
        if (d.getEventId() != null) {
            join.deadLettered(d.getEventId());
        }
    }

    /** A record that is not a valid event of its topic (counted; the job dead-letters it). */
    synchronized void unreadable() {
        unreadable++;
    }

    synchronized void status(String text) {
        status = clip(text, MAX_REASON);
    }

    /** Drops the frames that waited too long for their prediction. */
    synchronized void expire(long nowNanos) {
        join.expire(nowNanos);
    }

    /** A tile still on the page, for its thumbnail. */
    synchronized Optional<Tile> tile(long id) {
        Tile tile = tiles.get(id);
        return Optional.ofNullable(tile != null ? tile : retired.get(id));
    }

    /** Everything the page shows, now. */
    synchronized ViewSnapshot snapshot(
            long nowMillis, long nowNanos, ViewSnapshot.Browsers browsers) {
        while (!readTimes.isEmpty() && nowNanos - readTimes.peekFirst()[0] > RATE_WINDOW_NANOS) {
            readTimes.removeFirst();
        }
        double rate =
                readTimes.isEmpty()
                        ? 0
                        : (predictions - readTimes.peekFirst()[1] + 1) / (RATE_WINDOW_NANOS / 1e9);
        List<ViewSnapshot.Camera> cameraViews = new ArrayList<>();
        // Iterating the entries (not get()) leaves the access order, and so the eviction order, as
        // the predictions made it.
        for (Map.Entry<String, ArrayDeque<Tile>> camera : cameras.entrySet()) {
            List<ViewSnapshot.TileView> row = new ArrayList<>();
            for (Tile t : camera.getValue()) {
                row.add(
                        new ViewSnapshot.TileView(
                                t.id,
                                t.eventId,
                                t.label,
                                t.probability,
                                t.truth,
                                t.wrong(),
                                t.noThumbnail() == null,
                                t.noThumbnail(),
                                t.eventTime,
                                t.latencyMillis));
            }
            cameraViews.add(new ViewSnapshot.Camera(camera.getKey(), row));
        }
        cameraViews.sort(Comparator.comparing(ViewSnapshot.Camera::id)); // a grid that stays put
        List<ViewSnapshot.Stage> stages = new ArrayList<>();
        deadLetterCounts.forEach(
                (stage, count) ->
                        stages.add(
                                new ViewSnapshot.Stage(
                                        stage.name().toLowerCase(Locale.ROOT),
                                        count,
                                        List.copyOf(reasons.get(stage)))));
        return new ViewSnapshot(
                nowMillis,
                status,
                source,
                model,
                new ViewSnapshot.Totals(
                        predictions, labelled, correct, frames, deadLetters, unreadable),
                join.counts(),
                config.joinTimeout().toMillis(),
                rate,
                timeline.percentiles(nowMillis),
                new ViewSnapshot.Chart(timeline.bucketMillis(), timeline.points(nowMillis)),
                cameraViews,
                stages,
                browsers);
    }

    /** A string from the wire, null kept, cut to a length (the page shows it as text only). */
    static String clip(CharSequence text, int max) {
        if (text == null) {
            return null;
        }
        String s = text.toString();
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static byte[] bytesOf(ByteBuffer payload) {
        if (payload == null) {
            return null;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }
}
