package io.frameflow.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The view's HTTP server with its live updates, over real sockets: the page and its policy, and
 * browsers that are slow, vanish, or are too many.
 */
class ViewServerTest {

    private static final int QUEUE = 128;
    private static final int MAX_CLIENTS = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private EventStream events;
    private ViewServer server;

    @BeforeEach
    void start() throws Exception {
        events = new EventStream(QUEUE, MAX_CLIENTS);
        server =
                ViewServer.start(
                        "localhost",
                        0,
                        Page.load(),
                        events,
                        id -> id == 7 ? Optional.of(new byte[] {1, 2, 3}) : Optional.empty(),
                        () -> "{\"ok\":true}",
                        MAX_CLIENTS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnInlineScriptAndStyle() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'; script-src 'sha256-")
                .contains("style-src 'sha256-")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body())
                .contains("new EventSource('events')")
                .doesNotContain("<link", "@import", "innerHTML")
                .doesNotContainPattern("(src|href|url)\\s*[=(]\\s*[\"']?(https?:)?//");
        assertThat(get("/snapshot.json").body()).isEqualTo("{\"ok\":true}");
        assertThat(get("/thumbnails/7.png").headers().firstValue("Content-Type"))
                .hasValue("image/png");
        assertThat(get("/thumbnails/8.png").statusCode()).isEqualTo(404);
        assertThat(get("/thumbnails/../../etc/passwd").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesRequestsForAnotherHostSuchAsADnsRebindingPage() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 403");
        }
        assertThat(ViewServer.isLocalHost("127.0.0.1:8090")).isTrue();
        assertThat(ViewServer.isLocalHost("[::1]:8090")).isTrue();
        assertThat(ViewServer.isLocalHost("127.evil.example")).isFalse();
    }

    @Test
    void aSlowBrowserIsDroppedWhileAFastOneKeepsReceiving() throws Exception {
        AtomicLong fastBytes = new AtomicLong();
        AtomicBoolean publishing = new AtomicBoolean(true);
        try (Socket slow = connect();
                Socket fast = connect()) {
            send(slow, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n"); // and never reads
            send(fast, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Thread reader = drain(fast, fastBytes);
            awaitTrue(() -> events.connected() == 2, "both browsers connected");
            String payload = "x".repeat(64 * 1024);
            Thread publisher =
                    new Thread(
                            () -> {
                                while (publishing.get()) {
                                    events.publish("snapshot", "\"" + payload + "\"");
                                    sleep(20);
                                }
                            });
            publisher.start();

            awaitTrue(() -> events.dropped() == 1, "the slow browser dropped");
            long before = fastBytes.get();
            awaitTrue(() -> fastBytes.get() > before + 4 * payload.length(), "fast one goes on");
            publishing.set(false);
            publisher.join();

            assertThat(events.connected()).as("only the fast browser is left").isEqualTo(1);
            assertThat(readUntilClosed(slow.getInputStream()))
                    .as("the slow browser's connection was closed by the server")
                    .isTrue();
            reader.interrupt();
        }
        assertThat(get("/").statusCode()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void aVanishedBrowserIsForgotten() throws Exception {
        try (Socket gone = connect()) {
            send(gone, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(readHead(gone.getInputStream())).startsWith("HTTP/1.1 200");
            awaitTrue(() -> events.connected() == 1, "connected");
        }

        awaitTrue(
                () -> {
                    events.publish("snapshot", "{}");
                    sleep(50);
                    return events.connected() == 0;
                },
                "the closed connection is noticed on the next writes");
    }

    @Test
    void moreBrowsersThanAllowedAreRefused() throws Exception {
        Socket[] open = new Socket[MAX_CLIENTS];
        try {
            for (int i = 0; i < MAX_CLIENTS; i++) {
                open[i] = connect();
                send(open[i], "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            awaitTrue(() -> events.connected() == MAX_CLIENTS, "all connected");
            try (Socket extra = connect()) {
                send(extra, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(readHead(extra.getInputStream())).startsWith("HTTP/1.1 503");
            }
        } finally {
            for (Socket s : open) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect() throws Exception {
        URI address = server.address();
        return new Socket("localhost", address.getPort());
    }

    private static void send(Socket socket, String request) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && head.length() < 200 && c != '\n') {
            head.append((char) c);
        }
        return head.toString();
    }

    private static Thread drain(Socket socket, AtomicLong count) {
        Thread thread =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[64 * 1024];
                            try (InputStream in = socket.getInputStream()) {
                                int n;
                                while ((n = in.read(buffer)) != -1) {
                                    count.addAndGet(n);
                                }
                            } catch (Exception e) {
                                // closed at the end of the test
                            }
                        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Reads what is left; true when the connection ends (EOF or reset) within the timeout. */
    private static boolean readUntilClosed(InputStream in) {
        byte[] buffer = new byte[256 * 1024];
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) == -1) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return true; // reset by the server
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
