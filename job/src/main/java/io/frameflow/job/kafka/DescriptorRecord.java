package io.frameflow.job.kafka;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ModelDescriptor;

/**
 * What the model control source emits for each Kafka record: the descriptor, or the dead letter of
 * a record that was not a valid {@code ModelDescriptor}. Exactly one of the two is set. A Flink
 * POJO.
 */
public class DescriptorRecord implements DecodedRecord<ModelDescriptor> {

    public ModelDescriptor descriptor;
    public DeadLetter deadLetter;

    public DescriptorRecord() {}

    @Override
    public ModelDescriptor value() {
        return descriptor;
    }

    @Override
    public DeadLetter failure() {
        return deadLetter;
    }
}
