package io.frameflow.operators.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.LabelProbability;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void mostProbableFirst() {
        float[] p = {0.1f, 0.4f, 0.05f, 0.3f, 0.15f};

        List<LabelProbability> top = TopK.of(p, List.of("a", "b", "c", "d", "e"), 3);

        assertThat(top).extracting(LabelProbability::getLabel).containsExactly("b", "d", "e");
        assertThat(top)
                .extracting(LabelProbability::getProbability)
                .containsExactly(0.4f, 0.3f, 0.15f);
    }

    @Test
    void kLargerThanTheRowGivesTheWholeRowSorted() {
        assertThat(TopK.of(new float[] {0.2f, 0.8f}, List.of("x", "y"), 5))
                .extracting(LabelProbability::getLabel)
                .containsExactly("y", "x");
    }
}
