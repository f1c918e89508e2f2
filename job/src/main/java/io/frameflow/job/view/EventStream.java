package io.frameflow.job.view;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-Sent Events to every connected browser. Each browser gets a bounded queue, filled by
 * {@link #publish} and drained by the request's own thread; a browser that falls a whole queue
 * behind (a slow link, a sleeping laptop, a tab that vanished without closing its connection) is
 * disconnected: its queue is dropped and its thread interrupted, which aborts a write blocked on a
 * full socket. A browser's {@code EventSource} reconnects by itself, and every message is a full
 * snapshot, so nothing is lost that the next one does not carry. Memory per browser is at most the
 * queue's references to shared messages.
 */
final class EventStream {

    /** Milliseconds a browser waits before it reconnects. */
    static final int RETRY_MILLIS = 2_000;

    private final int queueCapacity;
    private final int maxClients;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile byte[] latest;

    /**
     * @param queueCapacity messages queued per browser before it is disconnected
     * @param maxClients browsers at once; more are refused
     */
    EventStream(int queueCapacity, int maxClients) {
        this.queueCapacity = queueCapacity;
        this.maxClients = maxClients;
    }

    /** Sends an event to every browser; the next browser to connect gets it first, too. */
    void publish(String event, String json) {
        byte[] message =
                ("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        latest = message;
        for (Client client : clients) {
            if (!client.queue.offer(message)) {
                client.drop();
                dropped.incrementAndGet();
            }
        }
    }

    /** Browsers connected now. */
    int connected() {
        return clients.size();
    }

    /** Browsers disconnected so far for falling behind. */
    long dropped() {
        return dropped.get();
    }

    /** Serves one browser until it goes away or falls behind; runs on the request's thread. */
    void serve(HttpExchange exchange) throws IOException {
        Client client = new Client(Thread.currentThread(), new ArrayBlockingQueue<>(queueCapacity));
        synchronized (clients) {
            if (clients.size() >= maxClients) {
                HttpResponses.text(
                        exchange, 503, "Too many browsers connected (view.max-clients).");
                return;
            }
            clients.add(client);
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(("retry: " + RETRY_MILLIS + "\n\n").getBytes(StandardCharsets.UTF_8));
            byte[] first = latest;
            if (first != null) {
                body.write(first);
            }
            body.flush();
            while (!client.dropped) {
                body.write(client.queue.take());
                body.flush();
            }
        } catch (InterruptedException | IOException e) {
            // Dropped for falling behind (interrupted), or the browser went away (broken pipe).
        } finally {
            clients.remove(client);
            client.finish();
            Thread.interrupted(); // the pool's thread serves other requests next
            try {
                exchange.close();
            } catch (RuntimeException e) {
                // the connection is already gone
            }
        }
    }

    /** One connected browser. */
    private static final class Client {
        final Thread thread;
        final BlockingQueue<byte[]> queue;
        volatile boolean dropped;
        private boolean finished;

        Client(Thread thread, BlockingQueue<byte[]> queue) {
            this.thread = thread;
            this.queue = queue;
        }

        synchronized void drop() {
            dropped = true;
            queue.clear();
            if (!finished) {
                // Interrupting a write blocked on the socket's channel closes the channel.
                thread.interrupt();
            }
        }

        /** After this, the thread serves other requests: it must not be interrupted. */
        synchronized void finish() {
            finished = true;
            queue.clear();
        }
    }
}
