package io.frameflow.job.view;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The view's HTTP server (the JDK's {@code com.sun.net.httpserver}): the page at {@code /}, live
 * updates at {@code /events}, thumbnails at {@code /thumbnails/ID.png} and the current figures at
 * {@code /snapshot.json}. Bound to a loopback address it also refuses requests whose Host header
 * names another host, so a web page elsewhere cannot reach it by DNS rebinding.
 */
final class ViewServer implements AutoCloseable {

    private static final Pattern THUMBNAIL = Pattern.compile("/thumbnails/(\\d{1,18})\\.png");
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI address;

    private ViewServer(HttpServer server, ExecutorService threads, URI address) {
        this.server = server;
        this.threads = threads;
        this.address = address;
    }

    /**
     * Starts serving.
     *
     * @param bind the address to listen on
     * @param port the port; 0 for any free one
     * @param page the page
     * @param events the live updates
     * @param thumbnails a thumbnail by tile id, if there is one
     * @param snapshot the current figures as JSON
     * @param maxClients browsers streaming at once (each holds a thread)
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    static ViewServer start(
            String bind,
            int port,
            Page page,
            EventStream events,
            LongFunction<Optional<byte[]>> thumbnails,
            Supplier<String> snapshot,
            int maxClients)
            throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 50);
        // One thread per streaming browser, and a few for everything else.
        ExecutorService threads =
                Executors.newFixedThreadPool(
                        maxClients + 4,
                        r -> {
                            Thread t = new Thread(r, "frameflow-view-http");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(threads);
        boolean loopbackOnly = address.isLoopbackAddress();
        server.createContext(
                "/",
                exchange -> {
                    try {
                        route(exchange, loopbackOnly, page, events, thumbnails, snapshot);
                    } catch (IOException | RuntimeException e) {
                        exchange.close();
                    }
                });
        server.start();
        int bound = server.getAddress().getPort();
        String host =
                bind.equals("localhost") || address.isLoopbackAddress()
                        ? "localhost"
                        : address.getHostAddress().contains(":")
                                ? "[" + address.getHostAddress() + "]"
                                : address.getHostAddress();
        return new ViewServer(server, threads, URI.create("http://" + host + ":" + bound + "/"));
    }

    /** Where a browser finds the page. */
    URI address() {
        return address;
    }

    private static void route(
            HttpExchange exchange,
            boolean loopbackOnly,
            Page page,
            EventStream events,
            LongFunction<Optional<byte[]>> thumbnails,
            Supplier<String> snapshot)
            throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            HttpResponses.text(exchange, 405, "Only GET and HEAD.");
            return;
        }
        if (loopbackOnly && !isLocalHost(exchange.getRequestHeaders().getFirst("Host"))) {
            HttpResponses.text(exchange, 403, "This view answers to localhost only.");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Matcher thumbnail = THUMBNAIL.matcher(path);
        if (path.equals("/") || path.equals("/index.html")) {
            exchange.getResponseHeaders()
                    .set("Content-Security-Policy", page.contentSecurityPolicy());
            HttpResponses.send(exchange, 200, "text/html; charset=utf-8", page.html());
        } else if (path.equals("/events")) {
            events.serve(exchange);
        } else if (path.equals("/snapshot.json")) {
            HttpResponses.send(
                    exchange,
                    200,
                    "application/json; charset=utf-8",
                    snapshot.get().getBytes(StandardCharsets.UTF_8));
        } else if (thumbnail.matches()) {
            Optional<byte[]> png = thumbnails.apply(Long.parseLong(thumbnail.group(1)));
            if (png.isPresent()) {
                // A tile's thumbnail never changes: the browser may keep it.
                exchange.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
                HttpResponses.send(exchange, 200, "image/png", png.get());
            } else {
                HttpResponses.text(exchange, 404, "No such thumbnail (any more).");
            }
        } else {
            HttpResponses.text(exchange, 404, "Not found.");
        }
    }

    /** Whether a Host header names this machine's loopback (any port). */
    static boolean isLocalHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.equals("localhost") || IPV4_LOOPBACK.matcher(name).matches();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        threads.shutdownNow(); // interrupts the streaming browsers' threads
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
