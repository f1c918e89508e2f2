package io.frameflow.job.config;

/** How events are encoded in Kafka record values. */
public enum WireFormat {
    /** Plain Avro binary: the reader must know the writer's schema. */
    AVRO_BINARY("avro-binary"),
    /** Avro single-object encoding: a marker and the schema's fingerprint, then Avro binary. */
    AVRO_SINGLE_OBJECT("avro-single-object"),
    /** The Confluent wire format: a magic byte and a schema registry id, then Avro binary. */
    CONFLUENT("confluent");

    private final String text;

    WireFormat(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
