package io.frameflow.job.kafka;

import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes decoded values on (events, model descriptors) and sends the dead letters of undecodable
 * records to the side output.
 *
 * @param <R> what the source emits
 * @param <T> the decoded value
 */
public final class SplitDeserializationFailures<R extends DecodedRecord<T>, T>
        extends ProcessFunction<R, T> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetters.counter(getRuntimeContext().getMetricGroup(), Stage.DESERIALIZE);
    }

    @Override
    public void processElement(R record, Context ctx, Collector<T> out) {
        if (record.value() != null) {
            out.collect(record.value());
        } else {
            deadLetters.inc();
            ctx.output(DeadLetters.TAG, record.failure());
        }
    }
}
