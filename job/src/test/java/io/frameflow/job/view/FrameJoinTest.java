package io.frameflow.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameJoinTest {

    private static final long SECOND = 1_000_000_000L;

    private static FrameJoin.Waiting frame(String id, String camera, int bytes, long at) {
        return new FrameJoin.Waiting(id, camera, new byte[bytes], at);
    }

    @Test
    void aPredictionTakesItsFrameOutOfTheJoin() {
        FrameJoin join = new FrameJoin(10, 1_000, 60 * SECOND, 10);
        join.add(frame("a", "cam", 5, 0));

        assertThat(join.join("a")).hasValueSatisfying(f -> assertThat(f.image()).hasSize(5));
        assertThat(join.join("a")).isEmpty();
        assertThat(join.counts()).isEqualTo(new FrameJoin.Counts(0, 0, 1, 0, 0, 0, 1));
    }

    @Test
    void eachCameraIsARingBufferWhoseOldestFrameIsEvictedAndCounted() {
        FrameJoin join = new FrameJoin(3, 1_000, 60 * SECOND, 10);
        for (int i = 0; i < 5; i++) {
            join.add(frame("a" + i, "cam-a", 1, i));
        }
        join.add(frame("b0", "cam-b", 1, 9));

        assertThat(join.counts().waiting()).isEqualTo(4);
        assertThat(join.counts().evicted()).isEqualTo(2);
        assertThat(join.join("a0")).isEmpty();
        assertThat(join.join("a1")).isEmpty();
        assertThat(join.join("a4")).isPresent();
        assertThat(join.join("b0")).isPresent();
    }

    @Test
    void theByteBudgetEvictsTheOldestFramesOfAnyCamera() {
        FrameJoin join = new FrameJoin(100, 100, 60 * SECOND, 10);
        join.add(frame("old", "cam-a", 60, 0));
        join.add(frame("new", "cam-b", 60, 1));

        assertThat(join.counts().waitingBytes()).isEqualTo(60);
        assertThat(join.counts().evicted()).isEqualTo(1);
        assertThat(join.join("new")).isPresent();

        join.add(frame("huge", "cam-c", 101, 2));
        assertThat(join.counts().evicted()).as("a frame over the whole budget").isEqualTo(2);
        assertThat(join.counts().waiting()).isZero();
    }

    @Test
    void framesWithoutPredictionExpireAfterTheTimeoutAndAreCounted() {
        FrameJoin join = new FrameJoin(100, 1_000, 10 * SECOND, 10);
        join.add(frame("early", "cam", 1, 0));
        join.add(frame("late", "cam", 1, 8 * SECOND));

        join.expire(11 * SECOND);

        assertThat(join.counts().expired()).isEqualTo(1);
        assertThat(join.join("early")).isEmpty();
        assertThat(join.join("late")).isPresent();
    }

    @Test
    void aDeadLetterEndsItsFramesWait() {
        FrameJoin join = new FrameJoin(100, 1_000, 10 * SECOND, 10);
        join.add(frame("bad", "cam", 1, 0));

        join.deadLettered("bad");
        join.deadLettered("unknown");
        join.expire(60 * SECOND);

        assertThat(join.counts().deadLettered()).isEqualTo(1);
        assertThat(join.counts().expired()).isZero();
    }

    @Test
    void cameraCountIsBoundedToo() {
        FrameJoin join = new FrameJoin(100, 1_000_000, 60 * SECOND, 2);
        for (int i = 0; i < 50; i++) {
            join.add(frame("f" + i, "camera-" + i, 1, i));
        }

        assertThat(join.counts().waiting()).isEqualTo(2);
        assertThat(join.counts().evicted()).isEqualTo(48);
    }
}
