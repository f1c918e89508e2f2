package io.frameflow.job.view;

import static io.frameflow.job.view.ViewEvents.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.Stage;
import io.frameflow.operators.decode.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ViewStateTest {

    private static final ViewSnapshot.Browsers NO_BROWSERS = new ViewSnapshot.Browsers(0, 0);

    private final Thumbnails thumbnails = new Thumbnails(ImageLimits.DEFAULTS, 64);

    private static ViewState state(int tilesPerCamera, int maxCameras) {
        Configuration conf = new Configuration();
        conf.set(ViewOptions.TILES_PER_CAMERA, tilesPerCamera);
        conf.set(ViewOptions.MAX_CAMERAS, maxCameras);
        return new ViewState(
                ViewConfig.of(conf), new ViewSnapshot.Source("kafka:9092", "p", "f", "d"));
    }

    private static ViewSnapshot snapshot(ViewState state) {
        return state.snapshot(System.currentTimeMillis(), System.nanoTime(), NO_BROWSERS);
    }

    @Test
    void aPredictionJoinedToItsFrameBecomesATileWithAThumbnail() throws Exception {
        ViewState state = state(6, 24);
        byte[] png = png(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY));
        state.frame(ViewEvents.frame("e1", "cam-1", png), System.nanoTime());

        state.prediction(
                ViewEvents.prediction("e1", "cam-1", "Bag", "Shirt"),
                System.currentTimeMillis(),
                System.nanoTime());

        ViewSnapshot s = snapshot(state);
        ViewSnapshot.TileView tile = s.cameras().get(0).tiles().get(0);
        assertThat(tile.thumbnail()).isTrue();
        assertThat(tile.wrong()).as("Bag is not the ground truth Shirt").isTrue();
        assertThat(s.join().joined()).isEqualTo(1);
        assertThat(s.totals().labelled()).isEqualTo(1);
        assertThat(s.totals().correct()).isZero();
        assertThat(s.model()).isEqualTo(new ViewSnapshot.Model("test-model", "0123456789ab"));
        byte[] thumbnail = state.tile(tile.id()).orElseThrow().thumbnail(thumbnails).orElseThrow();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(small.getHeight()).isEqualTo(64);
    }

    @Test
    void aPredictionWithoutItsFrameSaysWhy() {
        ViewState state = state(6, 24);

        state.prediction(
                ViewEvents.prediction("e1", "cam-1", "Bag", null),
                System.currentTimeMillis(),
                System.nanoTime());

        ViewSnapshot.TileView tile = snapshot(state).cameras().get(0).tiles().get(0);
        assertThat(tile.thumbnail()).isFalse();
        assertThat(tile.noThumbnail()).isEqualTo("frame not read");
        assertThat(tile.wrong()).as("no ground truth, nothing to mark").isFalse();
        assertThat(snapshot(state).join().predictionsWithoutFrame()).isEqualTo(1);
    }

    @Test
    void tilesPerCameraAndCamerasAreBounded() {
        ViewState state = state(3, 2);
        for (int camera = 0; camera < 5; camera++) {
            for (int i = 0; i < 10; i++) {
                state.prediction(
                        ViewEvents.prediction("e" + camera + "-" + i, "cam-" + camera, "Bag", null),
                        System.currentTimeMillis(),
                        System.nanoTime());
            }
        }

        ViewSnapshot s = snapshot(state);
        assertThat(s.cameras())
                .extracting(ViewSnapshot.Camera::id)
                .containsExactly("cam-3", "cam-4");
        assertThat(s.cameras().get(1).tiles())
                .extracting(ViewSnapshot.TileView::eventId)
                .containsExactly("e4-9", "e4-8", "e4-7");
        assertThat(state.tile(1)).as("a tile that scrolled away long ago").isEmpty();
        assertThat(state.tile(47))
                .as("one that just left: its thumbnail is still served")
                .isPresent();
        assertThat(s.totals().predictions()).isEqualTo(50);
    }

    @Test
    void deadLettersAreCountedByStageWithTheirLatestReasonsClipped() {
        ViewState state = state(6, 24);
        state.frame(ViewEvents.frame("bad", "cam-1", new byte[] {1, 2, 3}), System.nanoTime());
        for (int i = 0; i < 7; i++) {
            state.deadLetter(
                    ViewEvents.deadLetter(i == 6 ? "bad" : "x" + i, "cam-1", Stage.DECODE, "r" + i),
                    System.currentTimeMillis());
        }
        state.deadLetter(
                ViewEvents.deadLetter(null, null, Stage.DESERIALIZE, "y".repeat(5_000)),
                System.currentTimeMillis());

        ViewSnapshot s = snapshot(state);
        assertThat(s.deadLetters())
                .extracting(ViewSnapshot.Stage::stage)
                .containsExactly("deserialize", "decode");
        ViewSnapshot.Stage decode = s.deadLetters().get(1);
        assertThat(decode.count()).isEqualTo(7);
        assertThat(decode.recent())
                .extracting(ViewSnapshot.Reason::message)
                .containsExactly("r6", "r5", "r4", "r3", "r2");
        assertThat(s.deadLetters().get(0).recent().get(0).message()).hasSize(ViewState.MAX_REASON);
        assertThat(s.join().deadLettered()).as("the frame's wait ended").isEqualTo(1);
    }

    @Test
    void stringsFromTheWireAreClippedAndTheirJsonIsInert() {
        ViewState state = state(6, 24);
        state.prediction(
                ViewEvents.prediction("e1", HOSTILE + "x".repeat(1_000), HOSTILE, HOSTILE + "!"),
                System.currentTimeMillis(),
                System.nanoTime());
        state.deadLetter(
                ViewEvents.deadLetter("e2", HOSTILE, Stage.DECODE, "<script>alert(2)</script>"),
                System.currentTimeMillis());

        ViewSnapshot s = snapshot(state);
        String json = SnapshotJson.of(s);

        assertThat(s.cameras().get(0).id()).hasSize(ViewState.MAX_TEXT).startsWith(HOSTILE);
        assertThat(s.cameras().get(0).tiles().get(0).label()).isEqualTo(HOSTILE);
        assertThat(json)
                .doesNotContain("<", ">")
                .contains("\\u003cimg src\\u003dx onerror\\u003dalert(1)\\u003e")
                .contains("\\u003cscript\\u003ealert(2)\\u003c/script\\u003e");
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
