package io.frameflow.job.kafka;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes descriptors on and sends the dead letters of undecodable ones to the side output. */
public final class SplitUndecodableDescriptors
        extends ProcessFunction<DescriptorRecord, ModelDescriptor> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetters.counter(getRuntimeContext().getMetricGroup(), Stage.DESERIALIZE);
    }

    @Override
    public void processElement(
            DescriptorRecord record, Context ctx, Collector<ModelDescriptor> out) {
        if (record.descriptor != null) {
            out.collect(record.descriptor);
        } else {
            deadLetters.inc();
            ctx.output(DeadLetters.TAG, record.deadLetter);
        }
    }
}
