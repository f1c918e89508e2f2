package io.frameflow.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.deadletter.SourceAttributes;
import io.frameflow.operators.testutils.Frames;
import io.frameflow.operators.testutils.TestImages;
import io.frameflow.zoo.data.FashionMnist;
import io.frameflow.zoo.model.ModelSpec;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {

    @Test
    void decodesToTheModelsTensorAndSendsEachFailureToDeadLettersWithItsStage() throws Exception {
        DecodeFunction function =
                new DecodeFunction(
                        ModelSpec.bundled(), ImageLimits.DEFAULTS, new ImageFetcher(List.of()));
        try (OneInputStreamOperatorTestHarness<ImageEvent, DecodedFrame> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(function)) {
            byte[] png = TestImages.encode(FashionMnist.testSet().image(0), "png");
            ImageEvent good = withPayload(Frames.event(0), png);
            ImageEvent garbage = withPayload(Frames.event(1), new byte[] {1, 2, 3, 4});
            ImageEvent bomb =
                    withPayload(Frames.event(2), TestImages.pngDeclaring(100_000, 100_000));
            ImageEvent nothing = Frames.event(3);
            ImageEvent byUri = Frames.event(4);
            byUri.setUri("file:/etc/passwd");
            SourceAttributes.putKafka(garbage.getAttributes(), "frames", 2, 77L);

            for (ImageEvent event : List.of(good, garbage, bomb, nothing, byUri)) {
                harness.processElement(event, event.getEventTime());
            }

            List<DecodedFrame> frames = harness.extractOutputValues();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).event.getId()).isEqualTo("fm-0");
            assertThat(frames.get(0).pixels)
                    .hasSize(28 * 28)
                    .containsExactly(Frames.frame(0).pixels);

            List<DeadLetter> letters =
                    harness.getSideOutput(DeadLetters.TAG).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters)
                    .extracting(DeadLetter::getEventId, DeadLetter::getStage)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("fm-1", Stage.DECODE),
                            org.assertj.core.groups.Tuple.tuple("fm-2", Stage.VALIDATE),
                            org.assertj.core.groups.Tuple.tuple("fm-3", Stage.VALIDATE),
                            org.assertj.core.groups.Tuple.tuple("fm-4", Stage.FETCH));
            DeadLetter garbageLetter = letters.get(0);
            assertThat(garbageLetter.getCoordinates().getTopic()).isEqualTo("frames");
            assertThat(garbageLetter.getCoordinates().getPartition()).isEqualTo(2);
            assertThat(garbageLetter.getCoordinates().getOffset()).isEqualTo(77L);
            assertThat(garbageLetter.getPayload())
                    .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            assertThat(letters.get(3).getCoordinates().getPath()).isEqualTo("file:/etc/passwd");
        }
    }

    private static ImageEvent withPayload(ImageEvent event, byte[] bytes) {
        event.setPayload(ByteBuffer.wrap(bytes));
        return event;
    }
}
