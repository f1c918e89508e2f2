package io.frameflow.job.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyWindowsTest {

    @Test
    void framesOfTheStartUpWindowAreReportedApartFromTheSteadyState() {
        LatencyWindows windows = new LatencyWindows();
        windows.producingStarted(1_000_000, Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            windows.add(1_000_000 + i * 10, 4_000 + i); // the first frames queue
        }
        for (int i = 0; i < 1_000; i++) {
            windows.add(1_010_000 + i * 10, 20 + i % 10);
        }

        assertThat(windows.startup()).isEqualTo(new LatencyPercentiles(100, 4_050, 4_099, 4_099));
        assertThat(windows.steady()).isEqualTo(new LatencyPercentiles(1_000, 25, 29, 29));
        assertThat(windows.startupWindow()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void emptyWindowsSaySo() {
        LatencyWindows windows = new LatencyWindows();

        assertThat(windows.steady()).isEqualTo(LatencyPercentiles.NONE);
        assertThat(windows.startup()).isEqualTo(LatencyPercentiles.NONE);
    }

    @Test
    void memoryStaysFixedHoweverLongItRuns() {
        LatencyWindows windows = new LatencyWindows();
        windows.producingStarted(0, Duration.ZERO);
        for (int i = 0; i < 3 * LatencyWindows.KEPT; i++) {
            windows.add(1, i < 2 * LatencyWindows.KEPT ? 1_000 : 10);
        }

        assertThat(windows.steady().count()).isEqualTo(3L * LatencyWindows.KEPT);
        assertThat(windows.steady().p99()).as("percentiles of the latest").isEqualTo(10);
        assertThat(windows.steady().max()).as("the max of all").isEqualTo(1_000);
    }
}
