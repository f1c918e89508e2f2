package io.frameflow.job.produce;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Frames of an MJPEG-over-HTTP camera ({@code multipart/x-mixed-replace}, what most IP cameras
 * serve). A reader thread keeps only the newest frame, so a producer that samples slower than the
 * camera sends current frames, not a growing backlog.
 */
public final class MjpegFrames implements FrameSource {

    private final String url;
    private final HttpURLConnection connection;
    private final Thread reader;
    private SourceFrame latest;
    private long latestSeq;
    private long returnedSeq;
    private boolean ended;
    private IOException failure;

    public MjpegFrames(String url) throws IOException {
        this.url = url;
        this.connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        String type = String.valueOf(connection.getContentType());
        String boundary = boundaryOf(type);
        InputStream in = new BufferedInputStream(connection.getInputStream(), 1 << 16);
        this.reader = new Thread(() -> readParts(in, boundary), "mjpeg-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static String boundaryOf(String contentType) throws IOException {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IOException("Not an MJPEG stream: Content-Type " + contentType);
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).replace("\"", "");
                return b.startsWith("--") ? b.substring(2) : b;
            }
        }
        throw new IOException("MJPEG stream without a boundary: " + contentType);
    }

    private void readParts(InputStream in, String boundary) {
        try (in) {
            long seq = 0;
            String line;
            while ((line = readLine(in)) != null) {
                if (!line.startsWith("--" + boundary)) {
                    continue;
                }
                int length = -1;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0
                            && line.substring(0, colon)
                                    .strip()
                                    .equalsIgnoreCase("content-length")) {
                        length = Integer.parseInt(line.substring(colon + 1).strip());
                    }
                }
                byte[] jpeg = length >= 0 ? in.readNBytes(length) : readJpeg(in);
                publish(new SourceFrame(jpeg, "image/jpeg", null, url + "#" + seq++));
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failure = e instanceof IOException io ? io : new IOException(e);
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void publish(SourceFrame frame) {
        latest = frame;
        latestSeq++;
        notifyAll();
    }

    @Override
    public synchronized Optional<SourceFrame> next() throws IOException {
        while (latestSeq == returnedSeq && !ended) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        if (latestSeq == returnedSeq) {
            if (failure != null) {
                throw new IOException(
                        "MJPEG stream " + url + " failed: " + failure.getMessage(), failure);
            }
            return Optional.empty();
        }
        returnedSeq = latestSeq;
        return Optional.of(latest);
    }

    @Override
    public void close() {
        connection.disconnect();
        reader.interrupt();
    }

    /** A part without Content-Length: read up to the JPEG end-of-image marker. */
    private static byte[] readJpeg(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (previous == 0xff && b == 0xd9) {
                break;
            }
            previous = b;
        }
        return out.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                throw new IOException("MJPEG header line longer than 8 KiB");
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
