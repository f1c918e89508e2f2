package io.frameflow.job.view;

import com.google.gson.JsonElement;
import io.frameflow.job.testutils.HeadlessChromium;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The live view's page in headless Chromium, read through its rendered DOM. */
public final class LiveViewPage implements AutoCloseable {

    /** Width of the browser window and of screenshots. */
    public static final int WIDTH = 1280;

    /** Tiles whose thumbnail has loaded and whose label is shown. */
    private static final String LOADED_TILES =
            "[...document.querySelectorAll('#cameras .tile')].filter(t => {"
                    + " const img = t.querySelector('img.thumb');"
                    + " const label = t.querySelector('.label');"
                    + " return img !== null && img.complete && img.naturalWidth > 0"
                    + " && label !== null && label.textContent.trim().length > 0; }).length";

    private static final String PREDICTIONS =
            "Number(document.getElementById('predictions').textContent.replace(/,/g, ''))";

    private final HeadlessChromium chromium;

    private LiveViewPage(HeadlessChromium chromium) {
        this.chromium = chromium;
    }

    /** Starts Chromium and opens the page. */
    public static LiveViewPage open(URI view) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.start(WIDTH, 1000);
        try {
            chromium.navigate(view);
            return new LiveViewPage(chromium);
        } catch (Exception e) {
            chromium.close();
            throw e;
        }
    }

    /** Waits until at least this many thumbnails have loaded, each with its label. */
    public void awaitThumbnailsWithLabels(int count) throws Exception {
        awaitAtLeast(LOADED_TILES, count, "thumbnails with labels");
    }

    /** Waits until the page stops changing and every thumbnail on it has loaded. */
    public void awaitSettled() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(3_000);
            long now = predictions();
            boolean loaded =
                    chromium.evaluate(
                                    "[...document.querySelectorAll('img.thumb')].every(i =>"
                                            + " i.complete && i.naturalWidth > 0)")
                            .getAsBoolean();
            if (now == last && loaded) {
                return;
            }
            last = now;
        }
        throw new AssertionError("The page kept changing, or a thumbnail never loaded");
    }

    /** The predictions counter as the page shows it. */
    public long predictions() throws Exception {
        return chromium.evaluate(PREDICTIONS).getAsLong();
    }

    /** Waits until the predictions counter shows at least this many. */
    public void awaitPredictions(long minimum) throws Exception {
        awaitAtLeast(PREDICTIONS, minimum, "the predictions counter advancing");
    }

    /** Evaluates a JavaScript expression in the page. */
    public JsonElement evaluate(String expression) throws Exception {
        return chromium.evaluate(expression);
    }

    /** Polls a numeric expression until it reaches a minimum; fails with the page's text. */
    public void awaitAtLeast(String expression, long minimum, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonElement value = null;
        while (System.nanoTime() < deadline) {
            value = chromium.evaluate(expression);
            if (value != null && !value.isJsonNull() && value.getAsLong() >= minimum) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                String.format(
                        "The page never showed %s (wanted >= %d, last %s); its text:%n%s",
                        what, minimum, value, chromium.evaluate("document.body.innerText")));
    }

    /** Script dialogs the page opened (none, unless a string from the wire ran as script). */
    public java.util.List<String> dialogs() {
        return chromium.dialogs();
    }

    /** Writes a screenshot of the whole page. */
    public Path screenshot(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, chromium.screenshot(WIDTH));
        return file;
    }

    @Override
    public void close() throws Exception {
        chromium.close();
    }
}
