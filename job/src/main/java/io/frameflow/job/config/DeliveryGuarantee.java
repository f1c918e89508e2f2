package io.frameflow.job.config;

/** What the Kafka sinks promise. */
public enum DeliveryGuarantee {
    /** Transactional sinks committed on checkpoints; readers use read_committed. */
    EXACTLY_ONCE("exactly-once"),
    /** Flushed on checkpoints; a restart may write a record twice. */
    AT_LEAST_ONCE("at-least-once");

    private final String text;

    DeliveryGuarantee(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
