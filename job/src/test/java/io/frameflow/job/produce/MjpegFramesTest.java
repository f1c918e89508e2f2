package io.frameflow.job.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An MJPEG camera served from this JVM on loopback, as IP cameras serve it. */
class MjpegFramesTest {

    private static final byte[] JPEG_A = {(byte) 0xff, (byte) 0xd8, 1, 2, (byte) 0xff, (byte) 0xd9};
    private static final byte[] JPEG_B = {(byte) 0xff, (byte) 0xd8, 3, (byte) 0xff, (byte) 0xd9};

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsPartsWithAndWithoutContentLength() throws Exception {
        String url =
                serve(
                        "multipart/x-mixed-replace; boundary=frame",
                        out -> {
                            part(out, "frame", JPEG_A, true);
                            part(out, "frame", JPEG_B, false);
                        });

        try (MjpegFrames frames = new MjpegFrames(url)) {
            byte[] last = null;
            var frame = frames.next();
            while (frame.isPresent()) {
                last = frame.get().bytes();
                assertThat(frame.get().contentType()).isEqualTo("image/jpeg");
                frame = frames.next();
            }
            // The reader keeps the newest frame; the last one is always seen.
            assertThat(last).isEqualTo(JPEG_B);
        }
    }

    @Test
    void refusesAStreamThatIsNotMultipart() throws Exception {
        String url =
                serve("text/html", out -> out.write("<html/>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> new MjpegFrames(url)).hasMessageContaining("Not an MJPEG stream");
    }

    private interface Body {
        void write(OutputStream out) throws Exception;
    }

    private String serve(String contentType, Body body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/video",
                exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", contentType);
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        body.write(out);
                    } catch (Exception e) {
                        throw new java.io.IOException(e);
                    }
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/video";
    }

    private static void part(OutputStream out, String boundary, byte[] jpeg, boolean length)
            throws Exception {
        StringBuilder head =
                new StringBuilder("--" + boundary + "\r\nContent-Type: image/jpeg\r\n");
        if (length) {
            head.append("Content-Length: ").append(jpeg.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
}
