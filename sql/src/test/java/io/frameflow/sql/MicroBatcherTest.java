package io.frameflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    /** The batches the fake model saw, by size. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    private MicroBatcher batcher;

    @AfterEach
    void close() throws Exception {
        if (batcher != null) {
            batcher.close();
        }
    }

    /** A model that answers each image with a row holding the image's first byte. */
    private final Function<List<PredictSubtask.Pending>, List<RowData>> echo =
            images -> {
                batches.add(images.size());
                List<RowData> rows = new ArrayList<>();
                for (PredictSubtask.Pending image : images) {
                    rows.add(GenericRowData.of((int) image.pixels()[0]));
                }
                return rows;
            };

    private MicroBatcher start(int flushAt, Duration maxWait) throws Exception {
        batcher = new MicroBatcher(flushAt, maxWait, echo, largest -> {}, "test-batcher");
        batcher.start();
        return batcher;
    }

    private static PredictSubtask.Pending image(int value) {
        return new PredictSubtask.Pending(new byte[] {(byte) value}, System.nanoTime());
    }

    private static int value(CompletableFuture<Collection<RowData>> result) throws Exception {
        return result.get(10, TimeUnit.SECONDS).iterator().next().getInt(0);
    }

    @Test
    void aFullBatchGoesToTheModelAtOnceAndEachCallGetsItsOwnRow() throws Exception {
        start(3, Duration.ofHours(1));
        var first = batcher.submit(image(1));
        var second = batcher.submit(image(2));
        Thread.sleep(200);
        assertThat(first).as("a batch of 2 of 3 waits for the third").isNotDone();
        assertThat(batcher.waiting()).isEqualTo(2);

        var third = batcher.submit(image(3));

        assertThat(List.of(value(first), value(second), value(third))).containsExactly(1, 2, 3);
        assertThat(batches).containsExactly(3);
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void aPartialBatchGoesWhenItsFirstImageHasWaitedMaxWait() throws Exception {
        start(100, Duration.ofMillis(300));
        long start = System.nanoTime();
        var first = batcher.submit(image(1));
        var second = batcher.submit(image(2));

        assertThat(value(first)).isEqualTo(1);
        assertThat(value(second)).isEqualTo(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("not before max wait")
                .isGreaterThanOrEqualTo(290);
        assertThat(batches).containsExactly(2);
    }

    @Test
    void aFailingModelFailsTheCallsOfItsBatchNotTheBatcher() throws Exception {
        batcher =
                new MicroBatcher(
                        1,
                        Duration.ZERO,
                        images -> {
                            if (images.get(0).pixels()[0] == 13) {
                                throw new IllegalStateException("model crashed");
                            }
                            return echo.apply(images);
                        },
                        largest -> {},
                        "test-batcher");
        batcher.start();

        var bad = batcher.submit(image(13));
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("model crashed");
        assertThat(value(batcher.submit(image(14)))).isEqualTo(14);
    }

    @Test
    void aFailedSetUpFailsTheStart() {
        batcher =
                new MicroBatcher(
                        4,
                        Duration.ZERO,
                        echo,
                        largest -> {
                            throw new IllegalStateException("warm-up failed for batch " + largest);
                        },
                        "test-batcher");
        assertThatThrownBy(batcher::start).hasMessage("warm-up failed for batch 4");
    }

    @Test
    void closingFailsTheCallsStillWaiting() throws Exception {
        start(10, Duration.ofHours(1));
        var waiting = batcher.submit(image(1));

        batcher.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(batches).isEmpty();
    }
}
