package io.frameflow.job.view;

import io.frameflow.operators.decode.RejectedImageException;
import java.util.Optional;

/**
 * One prediction on the page: its labels and, when its frame was joined, the image its thumbnail is
 * made from on first request (most tiles of a fast camera scroll away unseen, so they never cost a
 * decode). The original bytes are released once the thumbnail exists.
 */
final class Tile {

    final long id;
    final String camera;
    final String eventId;
    final String label;
    final float probability;
    final String truth;
    final long eventTime;
    final long latencyMillis;
    private byte[] image;
    private byte[] thumbnail;
    private String noThumbnail;

    Tile(
            long id,
            String camera,
            String eventId,
            String label,
            float probability,
            String truth,
            long eventTime,
            long latencyMillis,
            byte[] image,
            String noImageReason) {
        this.id = id;
        this.camera = camera;
        this.eventId = eventId;
        this.label = label;
        this.probability = probability;
        this.truth = truth;
        this.eventTime = eventTime;
        this.latencyMillis = latencyMillis;
        this.image = image;
        this.noThumbnail = image == null ? noImageReason : null;
    }

    /** Whether the prediction's top label differs from the frame's ground truth. */
    boolean wrong() {
        return truth != null && !truth.equals(label);
    }

    /** Why there is no thumbnail, or null when there is (or will be) one. */
    synchronized String noThumbnail() {
        return noThumbnail;
    }

    /** The thumbnail, made on the first call; empty when the image is missing or undecodable. */
    synchronized Optional<byte[]> thumbnail(Thumbnails maker) {
        if (thumbnail == null && image != null) {
            try {
                thumbnail = maker.png(image);
            } catch (RejectedImageException e) {
                noThumbnail = "no preview: " + e.getMessage();
            } finally {
                image = null;
            }
        }
        return Optional.ofNullable(thumbnail);
    }

    /** Image bytes still held for a thumbnail not yet made. */
    synchronized long heldBytes() {
        return image == null ? 0 : image.length;
    }
}
