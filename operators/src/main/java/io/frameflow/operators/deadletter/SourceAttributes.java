package io.frameflow.operators.deadletter;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.SourceCoordinates;
import java.util.Map;

/**
 * Where an event came from, kept in reserved {@code frameflow.*} attributes that the sources set
 * (Kafka topic, partition and offset, or the file path), so that a dead letter from any later stage
 * can point back at its input. Predictions pass them through like any attribute.
 */
public final class SourceAttributes {

    public static final String TOPIC = "frameflow.topic";
    public static final String PARTITION = "frameflow.partition";
    public static final String OFFSET = "frameflow.offset";
    public static final String PATH = "frameflow.path";

    private SourceAttributes() {}

    /** Records a Kafka origin in the attributes. */
    public static void putKafka(
            Map<String, String> attributes, String topic, int partition, long offset) {
        attributes.put(TOPIC, topic);
        attributes.put(PARTITION, Integer.toString(partition));
        attributes.put(OFFSET, Long.toString(offset));
    }

    /** The coordinates an event's attributes (or its URI) name. */
    public static SourceCoordinates of(ImageEvent event) {
        Map<String, String> a = event.getAttributes();
        String path = a.get(PATH);
        if (path == null) {
            path = event.getUri();
        }
        return SourceCoordinates.newBuilder()
                .setTopic(a.get(TOPIC))
                .setPartition(a.containsKey(PARTITION) ? Integer.valueOf(a.get(PARTITION)) : null)
                .setOffset(a.containsKey(OFFSET) ? Long.valueOf(a.get(OFFSET)) : null)
                .setPath(path)
                .build();
    }
}
