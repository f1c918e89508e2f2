package io.frameflow.job.kafka.registry;

import org.apache.avro.Schema;

/**
 * Under which subject a writer registers (or looks up) the schema of a topic's record values: the
 * three strategies of Confluent's serializers, with their names.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value}: one schema (and its versions) per topic; Confluent's default. */
    TOPIC_NAME("topic-name"),
    /** The record's full name, e.g. {@code io.frameflow.event.Prediction}, shared by topics. */
    RECORD_NAME("record-name"),
    /** {@code <topic>-<record full name>}: several record types in one topic. */
    TOPIC_RECORD_NAME("topic-record-name");

    private final String text;

    SubjectNameStrategy(String text) {
        this.text = text;
    }

    /** The subject of the values of a topic written with a schema. */
    public String subject(String topic, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + "-value";
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
