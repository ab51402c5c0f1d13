package io.tracejob.operator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the operator may reach Prometheus (chart values {@code prometheus.*}; docs/operations.md,
 * "Prometheus access").
 *
 * @param allowedUrls the servers a spec's URL may name (scheme, host, port and a path prefix);
 *     empty denies every URL unless {@code allowAny}
 * @param allowAny query any http(s) URL a spec names (an explicit opt-out of the allowlist)
 * @param credentialsDir where the Secret with {@code token} and {@code ca.crt} is mounted; null for
 *     none
 * @param timeout connect timeout and the timeout of one query
 * @param retryFor how long a transient failure (no connection, timeout, 5xx) is retried before the
 *     TraceJob's selection fails
 */
public record PrometheusSettings(
        List<String> allowedUrls,
        boolean allowAny,
        Path credentialsDir,
        Duration timeout,
        Duration retryFor) {
    public PrometheusSettings {
        allowedUrls = List.copyOf(allowedUrls);
    }

    public static PrometheusSettings defaults() {
        return new PrometheusSettings(
                List.of(), false, null, Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    public PrometheusSettings withAllowedUrls(List<String> v) {
        return new PrometheusSettings(v, allowAny, credentialsDir, timeout, retryFor);
    }

    public PrometheusSettings withAllowAny(boolean v) {
        return new PrometheusSettings(allowedUrls, v, credentialsDir, timeout, retryFor);
    }

    public PrometheusSettings withCredentialsDir(Path v) {
        return new PrometheusSettings(allowedUrls, allowAny, v, timeout, retryFor);
    }

    public PrometheusSettings withTimeout(Duration v) {
        return new PrometheusSettings(allowedUrls, allowAny, credentialsDir, v, retryFor);
    }

    public PrometheusSettings withRetryFor(Duration v) {
        return new PrometheusSettings(allowedUrls, allowAny, credentialsDir, timeout, v);
    }
}
