package io.frameflow.job.view;

import java.util.List;

/**
 * Everything the page shows at one moment, as plain values: what the server sends to browsers as
 * JSON. Every string in it came from the wire, so the page puts them in the DOM as text only.
 *
 * @param time when it was taken, epoch milliseconds
 * @param status the reader's state: reading, or why it waits
 * @param source the broker and topics read
 * @param model the model of the latest prediction, null before the first
 * @param totals counts since the view started
 * @param join how frames and predictions met
 * @param joinTimeoutMillis how long a frame waits for its prediction
 * @param readPerSecond predictions read per second over the last seconds
 * @param latency end-to-end latency percentiles over the history
 * @param timeline the chart points
 * @param cameras the latest predictions per camera, newest first, cameras by id
 * @param deadLetters dead letters by stage, with their latest reasons
 * @param browsers browsers connected now, and dropped for falling behind so far
 */
record ViewSnapshot(
        long time,
        String status,
        Source source,
        Model model,
        Totals totals,
        FrameJoin.Counts join,
        long joinTimeoutMillis,
        double readPerSecond,
        Timeline.Percentiles latency,
        Chart timeline,
        List<Camera> cameras,
        List<Stage> deadLetters,
        Browsers browsers) {

    record Source(String bootstrapServers, String predictions, String frames, String deadLetters) {}

    record Model(String id, String version) {}

    record Totals(
            long predictions,
            long labelled,
            long correct,
            long frames,
            long deadLetters,
            long unreadableRecords) {}

    record Chart(long bucketMillis, List<Timeline.Point> points) {}

    record Camera(String id, List<TileView> tiles) {}

    record TileView(
            long id,
            String eventId,
            String label,
            float probability,
            String truth,
            boolean wrong,
            boolean thumbnail,
            String noThumbnail,
            long eventTime,
            long latencyMillis) {}

    record Stage(String stage, long count, List<Reason> recent) {}

    record Reason(long time, String camera, String eventId, String errorClass, String message) {}

    record Browsers(int connected, long dropped) {}
}
