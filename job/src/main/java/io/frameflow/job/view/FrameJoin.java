package io.frameflow.job.view;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Frames waiting for their prediction, to be joined by event id. Memory is bounded three ways: a
 * ring buffer per camera, a byte budget over all cameras (the oldest frame makes room), and a
 * timeout after which a frame without prediction is dropped. Every frame that leaves other than by
 * a join is counted by why. Not thread-safe: the view's state guards it.
 */
final class FrameJoin {

    /** A frame waiting: its camera, the encoded image (null when it came by URI) and when. */
    record Waiting(String eventId, String camera, byte[] image, long arrivedNanos) {
        long bytes() {
            return image == null ? 0 : image.length;
        }
    }

    /** What left the join and why, so far. */
    record Counts(
            int waiting,
            long waitingBytes,
            long joined,
            long deadLettered,
            long expired,
            long evicted,
            long predictionsWithoutFrame) {}

    private final int perCamera;
    private final long maxBytes;
    private final long timeoutNanos;
    private final int maxCameras;

    /** All waiting frames by id, oldest first. */
    private final LinkedHashMap<String, Waiting> byId = new LinkedHashMap<>();

    private final Map<String, ArrayDeque<Waiting>> byCamera = new HashMap<>();
    private long bytes;
    private long joined;
    private long deadLettered;
    private long expired;
    private long evicted;
    private long withoutFrame;

    /**
     * @param perCamera frames per camera (ring buffer)
     * @param maxBytes image bytes of all waiting frames together
     * @param timeoutNanos how long a frame waits
     * @param maxCameras cameras with waiting frames; a new one beyond evicts the oldest frames
     */
    FrameJoin(int perCamera, long maxBytes, long timeoutNanos, int maxCameras) {
        this.perCamera = perCamera;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        this.maxCameras = maxCameras;
    }

    /** A frame arrived; it waits for its prediction. A repeated id replaces the earlier frame. */
    void add(Waiting frame) {
        remove(frame.eventId());
        if (frame.bytes() > maxBytes) {
            evicted++; // could never fit
            return;
        }
        ArrayDeque<Waiting> camera = byCamera.get(frame.camera());
        if (camera == null) {
            while (byCamera.size() >= maxCameras && !byId.isEmpty()) {
                evict(oldest());
            }
        } else if (camera.size() >= perCamera) {
            evict(camera.peekFirst());
        }
        while (bytes + frame.bytes() > maxBytes && !byId.isEmpty()) {
            evict(oldest());
        }
        byCamera.computeIfAbsent(frame.camera(), c -> new ArrayDeque<>()).addLast(frame);
        byId.put(frame.eventId(), frame);
        bytes += frame.bytes();
    }

    /** The frame of a prediction, taken out of the join; empty when it is not here. */
    Optional<Waiting> join(String eventId) {
        Optional<Waiting> frame = remove(eventId);
        if (frame.isPresent()) {
            joined++;
        } else {
            withoutFrame++;
        }
        return frame;
    }

    /** A dead letter ends the wait of its frame: it will never have a prediction. */
    void deadLettered(String eventId) {
        if (remove(eventId).isPresent()) {
            deadLettered++;
        }
    }

    /** Drops the frames that waited longer than the timeout. */
    void expire(long nowNanos) {
        Iterator<Waiting> oldestFirst = byId.values().iterator();
        while (oldestFirst.hasNext()) {
            Waiting frame = oldestFirst.next();
            if (nowNanos - frame.arrivedNanos() < timeoutNanos) {
                return;
            }
            oldestFirst.remove();
            forget(frame);
            expired++;
        }
    }

    Counts counts() {
        return new Counts(byId.size(), bytes, joined, deadLettered, expired, evicted, withoutFrame);
    }

    private Waiting oldest() {
        return byId.values().iterator().next();
    }

    private void evict(Waiting frame) {
        byId.remove(frame.eventId());
        forget(frame);
        evicted++;
    }

    private Optional<Waiting> remove(String eventId) {
        Waiting frame = byId.remove(eventId);
        if (frame == null) {
            return Optional.empty();
        }
        forget(frame);
        return Optional.of(frame);
    }

    /** Removes a frame (already out of {@link #byId}) from its camera and the byte count. */
    private void forget(Waiting frame) {
        ArrayDeque<Waiting> camera = byCamera.get(frame.camera());
        if (camera != null) {
            camera.remove(frame);
            if (camera.isEmpty()) {
                byCamera.remove(frame.camera());
            }
        }
        bytes -= frame.bytes();
    }
}
