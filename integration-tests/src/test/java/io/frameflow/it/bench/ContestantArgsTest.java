package io.frameflow.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming contestants' warm-up: how long it runs and what the measured jobs drain. */
class ContestantArgsTest {

    /** A stand-in job: drains at the next of the given rates, remembering what it was asked. */
    private static final class FakeJob implements ContestantArgs.DrainJob {
        private final double[] framesPerSecond;
        final List<Integer> frames = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        double seconds;

        FakeJob(double... framesPerSecond) {
            this.framesPerSecond = framesPerSecond;
        }

        @Override
        public double drain(int count, String name) {
            double fps = framesPerSecond[Math.min(frames.size(), framesPerSecond.length - 1)];
            frames.add(count);
            names.add(name);
            seconds += count / fps;
            return fps;
        }
    }

    @Test
    void warmsUpForTheConfiguredSecondsThenDrainsForTheDrainSecondsAtTheLastRate()
            throws Exception {
        ContestantArgs args =
                ContestantArgs.parse(
                        new String[] {"--warm-up-seconds", "30", "--drain-seconds", "10"});
        FakeJob job = new FakeJob(100);

        int drainFrames = args.warmUp(200, job);

        assertThat(job.names).containsExactly("warm-up-0", "warm-up-1");
        assertThat(job.frames).containsExactly(200, 2800);
        assertThat(job.seconds).isEqualTo(30.0);
        assertThat(drainFrames).isEqualTo(1000); // 10 s at 100 frames/s
    }

    @Test
    void aJobThatKeepsSpeedingUpStopsTheWarmUpAtItsJobLimit() throws Exception {
        ContestantArgs args = ContestantArgs.parse(new String[] {"--drain-seconds", "10"});
        FakeJob job = new FakeJob(100, 1_000, 10_000, 100_000, 1_000_000);

        int drainFrames = args.warmUp(200, job);

        assertThat(job.frames).hasSize(ContestantArgs.MAX_WARM_UP_JOBS);
        assertThat(job.seconds).isLessThan(30.0);
        assertThat(drainFrames).isEqualTo(1_000_000); // the last job's 100 000 frames/s, 10 s
    }

    @Test
    void neverDrainsFewerFramesThanTheWorkloadHas() throws Exception {
        ContestantArgs args = ContestantArgs.parse(new String[] {"--warm-up-seconds", "0"});
        FakeJob job = new FakeJob(10);

        assertThat(args.warmUp(200, job)).isEqualTo(200); // 10 s at 10 frames/s is 100
        assertThat(job.frames).containsExactly(200);
    }
}
