package io.frameflow.job.kafka;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes events on and sends the dead letters of undecodable records to the side output. */
public final class SplitDeserializationFailures extends ProcessFunction<SourceRecord, ImageEvent> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetters.counter(getRuntimeContext().getMetricGroup(), Stage.DESERIALIZE);
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<ImageEvent> out) {
        if (record.event != null) {
            out.collect(record.event);
        } else {
            deadLetters.inc();
            ctx.output(DeadLetters.TAG, record.deadLetter);
        }
    }
}
