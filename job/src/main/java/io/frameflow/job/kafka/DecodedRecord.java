package io.frameflow.job.kafka;

import io.frameflow.event.DeadLetter;

/**
 * A Kafka record as a source read it: the value it decoded to, or the dead letter of a record that
 * did not decode. Exactly one of the two is non-null.
 *
 * @param <T> the value's type
 */
public interface DecodedRecord<T> {

    /** The decoded value; null for a record that did not decode. */
    T value();

    /** The dead letter of a record that did not decode; null otherwise. */
    DeadLetter failure();
}
