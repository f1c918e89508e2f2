package io.frameflow.operators.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanarySplitTest {

    private static final int SOURCES = 10_000;

    /** The buckets of camera-0 to camera-3 (FNV-1a 64 + fmix64, mod 10 000). */
    private static final int[] PINNED = {929, 6197, 8663, 4356};

    @ParameterizedTest(name = "{0}%")
    @ValueSource(doubles = {1, 5, 10, 20, 33.3, 50, 90})
    void aCanaryTakesItsShareOfTenThousandCamerasWithinTwoPoints(double percent) {
        long taken =
                IntStream.range(0, SOURCES)
                        .filter(i -> CanarySplit.takes("camera-" + i, percent))
                        .count();

        double share = 100.0 * taken / SOURCES;
        System.out.printf("CANARY %.1f%% of %d sources: %.2f%%%n", percent, SOURCES, share);
        assertThat(share).isCloseTo(percent, Offset.offset(2.0));
    }

    @Test
    void aCameraAlwaysHashesToTheSameBucket() {
        // Pinned values: the split must not change between releases, or a restart would move
        // cameras between the canary and the active model.
        assertThat(IntStream.range(0, 4).map(i -> CanarySplit.bucket("camera-" + i)).toArray())
                .containsExactly(PINNED);
    }

    @Test
    void growingACanaryKeepsTheCamerasItHad() {
        for (int i = 0; i < SOURCES; i++) {
            String camera = "camera-" + i;
            if (CanarySplit.takes(camera, 10)) {
                assertThat(CanarySplit.takes(camera, 20)).as(camera).isTrue();
            }
        }
    }

    @Test
    void noShareTakesNoCameraAndAFullShareTakesEvery() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(CanarySplit.takes("camera-" + i, 0)).isFalse();
            assertThat(CanarySplit.takes("camera-" + i, 100)).isTrue();
        }
    }
}
