package io.frameflow.job.testutils;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real browser for tests: Debian's headless Chromium, driven over the Chrome DevTools Protocol
 * through the JDK's WebSocket client. It loads pages, evaluates JavaScript in them (the rendered
 * DOM, live), records script dialogs (an {@code alert} is a sign of injected script) and takes
 * screenshots. Missing Chromium fails the test with what to install; it is never skipped.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where the binary is looked for; {@code FRAMEFLOW_CHROMIUM} names another. */
    private static final List<String> BINARIES =
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium with a fresh profile and connects to its one tab. */
    public static HeadlessChromium start(int width, int height) throws Exception {
        String binary = binary();
        Path profile = Files.createTempDirectory("frameflow-chromium-");
        List<String> command =
                List.of(
                        binary,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--window-size=" + width + "," + height,
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolve("chromium.log").toFile())
                        .start();
        try {
            int port = devToolsPort(profile, process);
            HttpClient http = HttpClient.newHttpClient();
            URI page = pageTarget(http, port);
            Listener listener = new Listener();
            WebSocket socket =
                    http.newWebSocketBuilder()
                            .buildAsync(page, listener)
                            .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
            listener.chromium = chromium;
            chromium.call("Page.enable", new JsonObject());
            chromium.call("Runtime.enable", new JsonObject());
            return chromium;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "Chromium did not start; its log: "
                            + Files.readString(profile.resolve("chromium.log")),
                    e);
        }
    }

    private static String binary() {
        String configured = System.getenv("FRAMEFLOW_CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        for (String candidate : BINARIES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError(
                "This test needs a headless Chromium and found none at "
                        + BINARIES
                        + " (nor FRAMEFLOW_CHROMIUM). Install it: apt-get install -y chromium"
                        + " (Debian), which .ci/run does when it is missing.");
    }

    /** Chromium writes the port it picked to DevToolsActivePort in the profile. */
    private static int devToolsPort(Path profile, Process process) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue());
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No DevToolsActivePort within " + START_TIMEOUT);
    }

    private static URI pageTarget(HttpClient http, int port) throws Exception {
        String list =
                http.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:" + port + "/json/list"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        for (JsonElement target : JsonParser.parseString(list).getAsJsonArray()) {
            JsonObject t = target.getAsJsonObject();
            if (t.get("type").getAsString().equals("page")) {
                return URI.create(t.get("webSocketDebuggerUrl").getAsString());
            }
        }
        throw new IllegalStateException("No page target in " + list);
    }

    /** Opens a URL in the tab (returns once navigation started; poll the DOM for content). */
    public void navigate(URI url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url.toString());
        JsonObject result = call("Page.navigate", params);
        if (result.has("errorText")) {
            throw new IllegalStateException(
                    "Navigation to " + url + " failed: " + result.get("errorText"));
        }
    }

    /** Evaluates a JavaScript expression in the page; its value as JSON (null for undefined). */
    public JsonElement evaluate(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(
                    "The page threw on `" + expression + "`: " + result.get("exceptionDetails"));
        }
        return result.getAsJsonObject("result").get("value");
    }

    /** A PNG of the whole page (the viewport stretched to the document's height). */
    public byte[] screenshot(int width) throws Exception {
        int height = Math.min(8_000, evaluate("document.documentElement.scrollHeight").getAsInt());
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", height);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        call("Emulation.setDeviceMetricsOverride", metrics);
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        String data = call("Page.captureScreenshot", params).get("data").getAsString();
        return Base64.getDecoder().decode(data);
    }

    /** The messages of every script dialog (alert, confirm, prompt) the page opened. */
    public List<String> dialogs() {
        return new ArrayList<>(dialogs);
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        calls.put(id, reply);
        socket.sendText(message.toString(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonObject response = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.getAsJsonObject("result");
    }

    private void onMessage(String text) {
        JsonObject message = JsonParser.parseString(text).getAsJsonObject();
        if (message.has("id")) {
            CompletableFuture<JsonObject> reply = calls.remove(message.get("id").getAsInt());
            if (reply != null) {
                reply.complete(message);
            }
        } else if ("Page.javascriptDialogOpening".equals(message.get("method").getAsString())) {
            dialogs.add(message.getAsJsonObject("params").get("message").getAsString());
            // Dismiss it, or the page would hang and every later call time out.
            JsonObject params = new JsonObject();
            params.addProperty("accept", false);
            JsonObject dismiss = new JsonObject();
            dismiss.addProperty("id", ids.incrementAndGet());
            dismiss.addProperty("method", "Page.handleJavaScriptDialog");
            dismiss.add("params", params);
            socket.sendText(dismiss.toString(), true);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Reassembles text frames into CDP messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile HeadlessChromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (chromium != null) {
                    chromium.onMessage(message);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
