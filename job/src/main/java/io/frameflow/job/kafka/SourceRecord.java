package io.frameflow.job.kafka;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;

/**
 * What the frames source emits for each Kafka record: the event, or the dead letter of a record
 * that was not a valid {@code ImageEvent}. Exactly one of the two is set. A Flink POJO.
 */
public class SourceRecord implements DecodedRecord<ImageEvent> {

    public ImageEvent event;
    public DeadLetter deadLetter;

    public SourceRecord() {}

    @Override
    public ImageEvent value() {
        return event;
    }

    @Override
    public DeadLetter failure() {
        return deadLetter;
    }

    static SourceRecord ok(ImageEvent event) {
        SourceRecord record = new SourceRecord();
        record.event = event;
        return record;
    }

    static SourceRecord failed(DeadLetter deadLetter) {
        SourceRecord record = new SourceRecord();
        record.deadLetter = deadLetter;
        return record;
    }
}
