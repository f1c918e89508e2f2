package io.frameflow.job.backfill;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records through and counts them in a Flink accumulator, which the client reads while the
 * job runs for its progress line.
 */
final class CountingMap<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final String accumulator;
    private transient LongCounter counter;

    CountingMap(String accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void open(OpenContext openContext) {
        counter = new LongCounter();
        getRuntimeContext().addAccumulator(accumulator, counter);
    }

    @Override
    public T map(T value) {
        counter.add(1);
        return value;
    }
}
