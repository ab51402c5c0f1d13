package io.tracejob.operator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.operator.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {

    @Test
    void servesMetricsAndProbesOnOnePort() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new OperatorMetrics(registry).phaseEntered(Phase.Running);
        AtomicBoolean started = new AtomicBoolean(false);
        try (OperatorHttpServer server =
                new OperatorHttpServer(0, registry, started::get, started::get)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            assertThat(get(http, base + "/startup").statusCode()).isEqualTo(503);
            assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(503);
            started.set(true);
            assertThat(get(http, base + "/startup").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("tracejob_traces_total{phase=\"Running\"} 1.0");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
