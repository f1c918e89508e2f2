package io.frameflow.job.config;

/** Where the frames source starts reading when its consumer group has no committed offset. */
public enum StartingOffsets {
    EARLIEST("earliest"),
    LATEST("latest"),
    /** The group's committed offsets, or the earliest where there are none. */
    COMMITTED("committed");

    private final String text;

    StartingOffsets(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
