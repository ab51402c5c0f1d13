package io.tracejob.operator.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.operator.prometheus.PrometheusFailure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;

/**
 * The operator's one way to Prometheus: an instant query of an allowed server ({@link
 * PrometheusEndpoints}), on a small executor of its own, never following a redirect, with short
 * timeouts, a bearer token and CA from {@link PrometheusCredentials}, and the answer bounded in
 * size. One attempt per call; {@link PrometheusQueries} retries.
 */
public final class PrometheusClient implements AutoCloseable {
    /** Answers larger than this are refused: an instant query for ranking or a trigger is small. */
    public static final int MAX_ANSWER_BYTES = 4 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusEndpoints endpoints;
    private final PrometheusCredentials credentials;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    public PrometheusClient(
            PrometheusEndpoints endpoints, PrometheusCredentials credentials, Duration timeout) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.timeout = timeout;
        this.executor =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "prometheus-query");
                            t.setDaemon(true);
                            return t;
                        });
        this.http =
                HttpClient.newBuilder()
                        .executor(executor)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(timeout)
                        .sslContext(credentials.tls())
                        .build();
    }

    /** From the operator's settings; {@code credentialsDir} may be null. */
    public static PrometheusClient of(
            List<String> allowedUrls, boolean allowAny, Path credentialsDir, Duration timeout) {
        return new PrometheusClient(
                PrometheusEndpoints.of(allowedUrls, allowAny),
                PrometheusCredentials.in(credentialsDir),
                timeout);
    }

    /** Why {@code url} (the spec's {@code field}) may not be queried; empty when it may. */
    public java.util.Optional<String> refusal(String url, String field) {
        return endpoints.refusal(url, field);
    }

    /**
     * One instant query, answered on the client's executor; fails with a {@link PrometheusFailure},
     * {@link Kind#NOT_ALLOWED} without a request when the URL is not allowed.
     */
    public CompletableFuture<InstantVector> query(String url, String field, String promql) {
        var refused = endpoints.refusal(url, field);
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(
                    new PrometheusFailure(Kind.NOT_ALLOWED, refused.get()));
        }
        HttpRequest request;
        try {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            var b =
                    HttpRequest.newBuilder(
                                    URI.create(
                                            base
                                                    + "/api/v1/query?query="
                                                    + URLEncoder.encode(
                                                            promql, StandardCharsets.UTF_8)))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET();
            var token = credentials.token();
            if (token.isPresent()) b.header("Authorization", "Bearer " + token.get());
            request = b.build();
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new PrometheusFailure(
                            Kind.QUERY_REJECTED,
                            "cannot build the query for " + url + ": " + e.getMessage(),
                            e));
        }
        String where = url + " (" + field + ")";
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .handleAsync(
                        (response, error) -> {
                            if (error != null)
                                throw new CompletionException(unreachable(where, error));
                            try {
                                return answer(where, response);
                            } catch (PrometheusFailure f) {
                                throw new CompletionException(f);
                            }
                        },
                        executor);
    }

    private static PrometheusFailure unreachable(String url, Throwable error) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new PrometheusFailure(
                        Kind.TLS_REJECTED,
                        "Prometheus at "
                                + url
                                + " failed TLS: "
                                + t.getMessage()
                                + "; trust its CA with ca.crt in the Secret of"
                                + " prometheus.credentialsSecret",
                        t);
            }
        }
        String m = cause.getMessage();
        return new PrometheusFailure(
                Kind.UNREACHABLE,
                "cannot query Prometheus at "
                        + url
                        + ": "
                        + cause.getClass().getSimpleName()
                        + (m == null || m.isEmpty() ? "" : ": " + m),
                cause);
    }

    private static InstantVector answer(String url, HttpResponse<InputStream> response)
            throws PrometheusFailure {
        int code = response.statusCode();
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        } catch (IOException e) {
            throw unreachable(url, e);
        }
        if (code >= 300 && code < 400) {
            throw new PrometheusFailure(
                    Kind.ANSWER_INVALID,
                    "Prometheus at "
                            + url
                            + " answered HTTP "
                            + code
                            + " (a redirect to "
                            + response.headers().firstValue("Location").orElse("nowhere")
                            + "); the operator follows no redirect: write the final address");
        }
        if (code >= 500 || code == 429) {
            throw new PrometheusFailure(
                    Kind.SERVER_ERROR, "Prometheus at " + url + " answered HTTP " + code);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new PrometheusFailure(
                    Kind.ANSWER_INVALID,
                    "Prometheus at "
                            + url
                            + " answered more than "
                            + (MAX_ANSWER_BYTES >> 20)
                            + " MiB; narrow the query");
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new PrometheusFailure(
                    Kind.ANSWER_INVALID,
                    "Prometheus at "
                            + url
                            + " answered HTTP "
                            + code
                            + " with something that is not JSON; is the url the Prometheus server?");
        }
        if (code != 200 || !"success".equals(body.path("status").asText())) {
            throw new PrometheusFailure(
                    Kind.QUERY_REJECTED,
                    "Prometheus at "
                            + url
                            + " rejected the query, HTTP "
                            + code
                            + ": "
                            + body.path("errorType").asText("")
                            + " "
                            + body.path("error").asText(""));
        }
        return vector(body.path("data"));
    }

    private static InstantVector vector(JsonNode data) {
        String type = data.path("resultType").asText();
        List<InstantVector.Sample> samples = new ArrayList<>();
        if ("scalar".equals(type)) {
            samples.add(new InstantVector.Sample(Map.of(), data.path("result").path(1).asText()));
        } else if ("vector".equals(type)) {
            for (JsonNode s : data.path("result")) {
                Map<String, String> labels = new TreeMap<>();
                s.path("metric")
                        .fields()
                        .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
                samples.add(new InstantVector.Sample(labels, s.path("value").path(1).asText()));
            }
        }
        return new InstantVector(type, samples);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
