package io.tracejob.operator.rbac;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Records every request the operator's client sends (plugged into that client only, so the tests'
 * own reads and writes are not counted). The requests of every operator started in this JVM add up
 * in one suite-wide set, which {@link #write()} puts in {@code target/operator-api-requests.txt};
 * the chart's RBAC is checked against it by {@code ChartRbacProofTest}, which runs after every
 * other test class of the suite.
 */
public final class ApiRequestLog implements Interceptor {
    public static final String NAME = "api-request-log";
    private static final Set<ApiRequest> SUITE = new ConcurrentSkipListSet<>();

    /** How often each kind of request was sent (the benchmark's round trips). */
    private static final Map<ApiRequest, LongAdder> COUNTS = new ConcurrentHashMap<>();

    /** Time from sending each kind of request to its response's headers, summed. */
    private static final Map<ApiRequest, LongAdder> NANOS = new ConcurrentHashMap<>();

    /** When the request was sent (System.nanoTime), carried to {@link #after} in a header. */
    private static final String SENT = "X-Tracejob-Test-Sent-Nanos";

    private final String operatorNamespace;
    private final String agentNamespace;

    public ApiRequestLog(String operatorNamespace, String agentNamespace) {
        this.operatorNamespace = operatorNamespace;
        this.agentNamespace = agentNamespace;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        ApiRequest r =
                ApiRequest.of(request.method(), request.uri(), operatorNamespace, agentNamespace);
        SUITE.add(r);
        COUNTS.computeIfAbsent(r, k -> new LongAdder()).increment();
        builder.setHeader(SENT, Long.toString(System.nanoTime()));
    }

    @Override
    public void after(
            HttpRequest request,
            HttpResponse<?> response,
            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        String sent = request.header(SENT);
        if (sent == null) return;
        long nanos = System.nanoTime() - Long.parseLong(sent);
        ApiRequest r =
                ApiRequest.of(request.method(), request.uri(), operatorNamespace, agentNamespace);
        NANOS.computeIfAbsent(r, k -> new LongAdder()).add(nanos);
    }

    /** Total time waited for responses, by kind, since the last {@link #resetCounts()}. */
    public static Map<ApiRequest, Long> nanos() {
        Map<ApiRequest, Long> out = new LinkedHashMap<>();
        NANOS.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    /** Requests sent since the last {@link #resetCounts()}, by kind, most frequent first. */
    public static Map<ApiRequest, Long> counts() {
        Map<ApiRequest, Long> out = new LinkedHashMap<>();
        COUNTS.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> -e.getValue().sum()))
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return out;
    }

    public static void resetCounts() {
        COUNTS.clear();
        NANOS.clear();
    }

    /** Every request recorded in this JVM so far. */
    public static SortedSet<ApiRequest> suite() {
        return new TreeSet<>(SUITE);
    }

    public static Path file() {
        return Path.of("target", "operator-api-requests.txt").toAbsolutePath();
    }

    /**
     * Writes the suite's requests so far, one per line (the file only ever holds this JVM's run).
     */
    public static synchronized void write() {
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(
                    file(),
                    suite().stream()
                            .map(ApiRequest::line)
                            .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(), e);
        }
    }
}
