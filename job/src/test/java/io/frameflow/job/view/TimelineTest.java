package io.frameflow.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private final Timeline timeline = new Timeline(Duration.ofSeconds(60)); // 1 s buckets

    @Test
    void bucketsCountByEmitTimeAndKeepTheirPercentiles() {
        long now = 1_000_000_000L;
        for (int i = 1; i <= 100; i++) {
            timeline.add(now - 5_500, i, now);
        }
        timeline.add(now - 1_500, 1_000, now);

        List<Timeline.Point> points = timeline.points(now);

        assertThat(points).hasSize(Timeline.BUCKETS);
        Timeline.Point busy = points.get(Timeline.BUCKETS - 1 - 5); // the last is complete
        assertThat(busy.count()).isEqualTo(100);
        assertThat(busy.perSecond()).isEqualTo(100.0);
        assertThat(busy.p50()).isEqualTo(51);
        assertThat(busy.p99()).isEqualTo(100);
        assertThat(points.get(Timeline.BUCKETS - 1 - 1).p99()).isEqualTo(1_000);
        assertThat(points.get(0).p50()).as("an empty bucket").isEqualTo(-1);
    }

    @Test
    void overallPercentilesWeighBusyBucketsMoreThanTheirSample() {
        long now = 1_000_000_000L;
        for (int i = 0; i < 10_000; i++) {
            timeline.add(now - 10_000, 10, now); // 10 000 fast ones, a 256-sample bucket
        }
        for (int i = 0; i < 200; i++) {
            timeline.add(now - 20_000, 500, now); // 200 slow ones, all sampled
        }

        Timeline.Percentiles p = timeline.percentiles(now);

        assertThat(p.p50()).isEqualTo(10);
        assertThat(p.p99()).as("2% of the predictions were slow").isEqualTo(500);
    }

    @Test
    void predictionsOlderThanTheHistoryLeave() {
        long now = 1_000_000_000L;
        timeline.add(now - 30_000, 5, now);
        timeline.add(now - 120_000, 5, now);

        assertThat(timeline.percentiles(now).sampled()).as("the older one never came in").isOne();
        assertThat(timeline.percentiles(now + 31_000).sampled()).isZero();
    }
}
