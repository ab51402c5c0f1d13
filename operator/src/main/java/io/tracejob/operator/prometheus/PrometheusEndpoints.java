package io.tracejob.operator.prometheus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Prometheus servers the operator may query, from its configuration: a URL a user writes is
 * queried only when it falls under one of them (same scheme, host and port, and a path under the
 * allowed path, segment by segment), compared after normalisation so that {@code user@host}, {@code
 * ..} segments, percent-escapes or a trailing dot cannot reach another address. An empty list
 * denies every URL unless {@code allowAny} says otherwise (docs/operations.md, "Prometheus
 * access").
 */
public final class PrometheusEndpoints {
    /** The chart value and flag that hold the list, for messages. */
    public static final String SETTING = "prometheus.allowedUrls";

    private final List<Endpoint> allowed;
    private final boolean allowAny;

    private PrometheusEndpoints(List<Endpoint> allowed, boolean allowAny) {
        this.allowed = allowed;
        this.allowAny = allowAny;
    }

    /**
     * @throws IllegalArgumentException naming the setting when an entry is not an http(s) URL
     */
    public static PrometheusEndpoints of(List<String> allowedUrls, boolean allowAny) {
        List<Endpoint> parsed =
                allowedUrls.stream()
                        .map(
                                u ->
                                        parse(u).orElseThrow(
                                                        () ->
                                                                new IllegalArgumentException(
                                                                        "prometheus-allowed-urls: '"
                                                                                + u
                                                                                + "' must be an http(s) URL of host,"
                                                                                + " optional port and path, without"
                                                                                + " credentials, query or '..'")))
                        .toList();
        return new PrometheusEndpoints(parsed, allowAny);
    }

    /** Why {@code url} may not be queried, naming {@code field} and the rule; empty when it may. */
    public Optional<String> refusal(String url, String field) {
        Optional<Endpoint> e = parse(url);
        if (e.isEmpty()) {
            return Optional.of(
                    field
                            + ": '"
                            + url
                            + "' must be an http(s) URL of host, optional port and path, without"
                            + " credentials, query, percent-escapes or '..'");
        }
        if (allowAny || allowed.stream().anyMatch(a -> a.covers(e.get()))) return Optional.empty();
        return Optional.of(
                field
                        + ": "
                        + url
                        + " is not one of the Prometheus servers this operator may query ("
                        + SETTING
                        + ": "
                        + (allowed.isEmpty()
                                ? "empty, which denies every URL"
                                : allowed.stream().map(Endpoint::toString).toList())
                        + "); ask the operator's administrator to add it");
    }

    /** The normalised form, or empty when the URL is not one the operator would ever query. */
    static Optional<Endpoint> parse(String url) {
        if (url == null || url.contains("%") || url.contains("\\")) return Optional.empty();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return Optional.empty();
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty()) return Optional.empty();
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) return Optional.empty();
        }
        path = path.replaceAll("/+", "/");
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return Optional.of(new Endpoint(scheme, host, port, path));
    }

    /** A normalised URL: lower-case scheme and host, explicit port, path without trailing '/'. */
    record Endpoint(String scheme, String host, int port, String path) {
        /** Same server, and {@code other}'s path is this path or below it. */
        boolean covers(Endpoint other) {
            return scheme.equals(other.scheme)
                    && host.equals(other.host)
                    && port == other.port
                    && (other.path.equals(path) || other.path.startsWith(path + "/"));
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port + path;
        }
    }
}
