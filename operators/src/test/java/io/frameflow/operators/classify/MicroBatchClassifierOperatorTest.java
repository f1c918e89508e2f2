package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.Prediction;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.decode.DecodedFrame;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.zoo.model.BundledModel;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatchClassifierOperatorTest {

    private static final ClassifierOptions OPTIONS =
            ClassifierOptions.defaults(BundledModel.spec()).withThreads(1, 1).withWarmUp(false);

    private OneInputStreamOperatorTestHarness<DecodedFrame, Prediction> harness;

    private OneInputStreamOperatorTestHarness<DecodedFrame, Prediction> open(
            ClassifierOptions options) throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(new MicroBatchClassifierOperator(options));
        harness.setup();
        harness.open();
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aFullBatchIsClassifiedAtOnce() throws Exception {
        open(OPTIONS.withBatchSize(4).withMaxWait(Duration.ofHours(1)));
        for (int i = 0; i < 3; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processElement(Frames.frame(3), 1_003L);

        List<Prediction> predictions = harness.extractOutputValues();
        assertThat(predictions)
                .extracting(Prediction::getEventId)
                .containsExactly("fm-0", "fm-1", "fm-2", "fm-3");
        assertThat(predictions)
                .allSatisfy(p -> assertThat(p.getTimings().getBatchSize()).isEqualTo(4));
    }

    @Test
    void predictionsCarryTopKLabelsModelAndTimestamps() throws Exception {
        open(OPTIONS.withBatchSize(16).withMaxWait(Duration.ofHours(1)));
        for (int i = 0; i < 16; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }

        List<StreamRecord<? extends Prediction>> records = harness.extractOutputStreamRecords();
        assertThat(records).hasSize(16);
        assertThat(records.get(5).getTimestamp()).isEqualTo(1_005L);
        Prediction first = records.get(0).getValue();
        assertThat(first.getTopK()).hasSize(5);
        assertThat(first.getTopK().get(0).getProbability())
                .isGreaterThanOrEqualTo(first.getTopK().get(1).getProbability());
        assertThat(first.getModelId()).isEqualTo(BundledModel.NAME);
        assertThat(first.getModelVersion())
                .isEqualTo(BundledModel.metadata().sha256().substring(0, 12));
        assertThat(first.getTimings().getDecodeMicros()).isEqualTo(42);
        assertThat(first.getTimings().getInferenceMicros()).isPositive();
        long correct =
                records.stream()
                        .map(StreamRecord::getValue)
                        .filter(p -> p.getTopK().get(0).getLabel().equals(p.getGroundTruth()))
                        .count();
        assertThat(correct).as("top-1 hits among 16 test images").isGreaterThanOrEqualTo(12);
    }

    @Test
    void maxWaitFlushesAPartialBatch() throws Exception {
        open(OPTIONS.withBatchSize(8).withMaxWait(Duration.ofMillis(10)));
        harness.setProcessingTime(0);
        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.frame(1), 1_001L);
        harness.setProcessingTime(9);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(10);

        assertThat(harness.extractOutputValues())
                .extracting(p -> p.getTimings().getBatchSize())
                .containsExactly(2, 2);
    }

    @Test
    void aTimerOfABatchAlreadyFlushedBySizeDoesNotCutTheNextBatchShort() throws Exception {
        open(OPTIONS.withBatchSize(2).withMaxWait(Duration.ofMillis(10)));
        harness.setProcessingTime(0);
        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.frame(1), 1_001L); // full: flushed, its timer is stale
        harness.setProcessingTime(5);
        harness.processElement(Frames.frame(2), 1_002L); // new batch, deadline 15

        harness.setProcessingTime(10);
        assertThat(harness.extractOutputValues()).hasSize(2);

        harness.setProcessingTime(15);
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void everythingBufferedIsEmittedBeforeTheCheckpointBarrier() throws Exception {
        open(OPTIONS.withBatchSize(32).withMaxWait(Duration.ofHours(1)));
        for (int i = 0; i < 5; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.prepareSnapshotPreBarrier(1);
        harness.snapshot(1, 1_000L);

        assertThat(harness.extractOutputValues()).hasSize(5);
    }

    @Test
    void aWatermarkIsForwardedOnlyAfterTheFramesBeforeIt() throws Exception {
        open(OPTIONS.withBatchSize(32).withMaxWait(Duration.ofHours(1)));
        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.frame(1), 1_001L);

        harness.processWatermark(1_001L);

        List<Object> output = List.copyOf(harness.getOutput());
        assertThat(output).hasSize(3);
        assertThat(output.get(2))
                .isInstanceOf(org.apache.flink.streaming.api.watermark.Watermark.class);
    }

    @Test
    void endOfInputFlushes() throws Exception {
        open(OPTIONS.withBatchSize(32).withMaxWait(Duration.ofHours(1)));
        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.frame(1), 1_001L);

        harness.endInput();

        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void aPoisonedImageFailsAloneAndBecomesAnInferDeadLetter() throws Exception {
        open(OPTIONS.withBatchSize(3).withMaxWait(Duration.ofHours(1)));

        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.poisoned(1), 1_001L);
        harness.processElement(Frames.frame(2), 1_002L);

        assertThat(harness.extractOutputValues())
                .extracting(Prediction::getEventId)
                .containsExactly("fm-0", "fm-2");
        List<DeadLetter> deadLetters =
                harness.getSideOutput(DeadLetters.TAG).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
        assertThat(deadLetters).hasSize(1);
        DeadLetter letter = deadLetters.get(0);
        assertThat(letter.getEventId()).isEqualTo("fm-1");
        assertThat(letter.getStage()).isEqualTo(Stage.INFER);
        assertThat(letter.getErrorMessage())
                .contains("an image has 3 bytes of pixels, the model takes 784");
    }

    @Test
    void withBatchesInFlightTheResultsComeBackInOrderThroughTheMailbox() throws Exception {
        open(OPTIONS.withBatchSize(4).withMaxWait(Duration.ofHours(1)).withInFlightBatches(2));
        for (int i = 0; i < 10; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }

        harness.endInput();

        assertThat(harness.extractOutputValues())
                .extracting(Prediction::getEventId)
                .containsExactly(
                        "fm-0", "fm-1", "fm-2", "fm-3", "fm-4", "fm-5", "fm-6", "fm-7", "fm-8",
                        "fm-9");
        assertThat(harness.extractOutputValues())
                .extracting(p -> p.getTimings().getBatchSize())
                .containsExactly(4, 4, 4, 4, 4, 4, 4, 4, 2, 2);
    }

    @Test
    void withBatchesInFlightNothingIsInFlightAcrossABarrier() throws Exception {
        open(OPTIONS.withBatchSize(2).withMaxWait(Duration.ofHours(1)).withInFlightBatches(2));
        for (int i = 0; i < 5; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).hasSize(5);
    }

    @Test
    void withBatchesInFlightAWatermarkFollowsTheFramesBeforeIt() throws Exception {
        open(OPTIONS.withBatchSize(2).withMaxWait(Duration.ofHours(1)).withInFlightBatches(1));
        for (int i = 0; i < 3; i++) {
            harness.processElement(Frames.frame(i), 1_000L + i);
        }

        harness.processWatermark(1_002L);

        List<Object> output = List.copyOf(harness.getOutput());
        assertThat(output).hasSize(4);
        assertThat(output.get(3))
                .isInstanceOf(org.apache.flink.streaming.api.watermark.Watermark.class);
    }

    @Test
    void withBatchesInFlightAPoisonedImageStillFailsAlone() throws Exception {
        open(OPTIONS.withBatchSize(3).withMaxWait(Duration.ofHours(1)).withInFlightBatches(1));

        harness.processElement(Frames.frame(0), 1_000L);
        harness.processElement(Frames.poisoned(1), 1_001L);
        harness.processElement(Frames.frame(2), 1_002L);
        harness.endInput();

        assertThat(harness.extractOutputValues())
                .extracting(Prediction::getEventId)
                .containsExactly("fm-0", "fm-2");
        assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
    }

    @Test
    void warmUpRunsBeforeTheFirstFrameWithoutEmittingAnything() throws Exception {
        open(OPTIONS.withBatchSize(4).withWarmUp(true));

        assertThat(harness.getOutput()).isEmpty();
    }
}
