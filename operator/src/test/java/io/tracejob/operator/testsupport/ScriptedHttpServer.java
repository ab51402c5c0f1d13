package io.tracejob.operator.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers from a script (status, headers, body, a delay before
 * answering), the last entry repeating; it records every request's path and Authorization header.
 * Stands in for a Prometheus that misbehaves: redirects, 5xx, slowness, garbage.
 */
public final class ScriptedHttpServer implements AutoCloseable {
    /** One answer; {@code delay} keeps the connection silent that long first (a slow server). */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }

        public Reply after(Duration d) {
            return new Reply(status, headers, body, d);
        }
    }

    /** A request as received. */
    public record Seen(String pathAndQuery, String authorization) {}

    /**
     * A Prometheus success answer: an instant vector of one series {@code labels} = {@code value}.
     */
    public static String vector(String labelsJson, String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":"
                + labelsJson
                + ",\"value\":[1700000000,\""
                + value
                + "\"]}]}}";
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public ScriptedHttpServer(Reply... replies) throws IOException {
        script.addAll(List.of(replies));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "scripted-http");
                            t.setDaemon(true);
                            return t;
                        }));
        server.createContext(
                "/",
                ex -> {
                    seen.add(
                            new Seen(
                                    ex.getRequestURI().toString(),
                                    ex.getRequestHeaders().getFirst("Authorization")));
                    Reply r = script.size() > 1 ? script.pollFirst() : script.peekFirst();
                    try {
                        Thread.sleep(r.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
                    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                    try {
                        ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(bytes);
                        }
                    } catch (IOException e) {
                        // the client gave up waiting (a timeout test)
                    }
                });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
