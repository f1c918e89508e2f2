package io.frameflow.operators.classify;

import io.frameflow.event.Prediction;
import io.frameflow.operators.decode.DecodedFrame;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The micro-batching classifier with the one model it is configured with, for the whole run (the
 * backfill, and streams without model control). Batching and its guarantees are {@link
 * AbstractClassifierOperator}'s; it needs no state.
 */
public class MicroBatchClassifierOperator extends AbstractClassifierOperator
        implements OneInputStreamOperator<DecodedFrame, Prediction>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public MicroBatchClassifierOperator(ClassifierOptions options) {
        super(options);
    }

    @Override
    ModelRouting openModels() {
        return ModelRouting.of(
                LoadedModel.open(
                        placed(options.model()),
                        null,
                        LoadedModel.ACTIVE,
                        null,
                        options.model().applySoftmax()));
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        processFrame(element);
    }

    @Override
    public void endInput() throws Exception {
        flushAndDrain();
    }
}
