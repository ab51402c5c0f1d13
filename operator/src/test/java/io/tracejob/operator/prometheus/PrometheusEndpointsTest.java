package io.tracejob.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.operator.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allowlist compares normalised URLs, so no spelling of another address gets through. */
class PrometheusEndpointsTest {
    private static final String FIELD = "spec.target.slowestBy.prometheus.url";
    private final PrometheusEndpoints allowed =
            PrometheusEndpoints.of(
                    List.of("http://prometheus.monitoring:9090", "https://thanos.example/query/"),
                    false);

    @Test
    void sameServerAndAPathBelowTheAllowedOneAreQueried() {
        for (String url :
                List.of(
                        "http://prometheus.monitoring:9090",
                        "http://prometheus.monitoring:9090/",
                        "HTTP://Prometheus.Monitoring.:9090/",
                        "http://prometheus.monitoring:9090/prom/sub",
                        "https://thanos.example/query",
                        "https://thanos.example:443/query/v1",
                        "https://thanos.example//query//v1")) {
            assertThat(allowed.refusal(url, FIELD)).as(url).isEmpty();
        }
    }

    @Test
    void otherServersPortsSchemesAndPathsAreRefusedNamingTheFieldAndTheSetting() {
        for (String url :
                List.of(
                        "http://prometheus.monitoring:9091",
                        "http://prometheus.monitoring",
                        "https://prometheus.monitoring:9090",
                        "http://prometheus.monitoring.evil:9090",
                        "http://169.254.169.254/latest/meta-data",
                        "https://thanos.example/query2",
                        "https://thanos.example/")) {
            assertThat(allowed.refusal(url, FIELD))
                    .as(url)
                    .hasValueSatisfying(
                            m ->
                                    assertThat(m)
                                            .startsWith(FIELD + ": " + url)
                                            .contains("prometheus.allowedUrls")
                                            .contains("http://prometheus.monitoring:9090"));
        }
    }

    @Test
    void credentialsDotSegmentsEscapesAndQueriesAreNeverQueried() {
        for (String url :
                List.of(
                        "http://prometheus.monitoring:9090@evil.example/",
                        "http://user:pw@prometheus.monitoring:9090",
                        "https://thanos.example/query/../admin",
                        "https://thanos.example/query/./x",
                        "https://thanos.example/query/%2e%2e/admin",
                        "http://prometheus.monitoring:9090/?x=1",
                        "http://prometheus.monitoring:9090/#frag",
                        "file:///etc/passwd",
                        "gopher://prometheus.monitoring:9090")) {
            assertThat(PrometheusEndpoints.of(List.of(), true).refusal(url, FIELD))
                    .as(url)
                    .hasValueSatisfying(m -> assertThat(m).startsWith(FIELD + ": '"));
        }
    }

    @Test
    void anEmptyListDeniesEveryUrlUnlessAllowAnyIsSet() {
        assertThat(PrometheusEndpoints.of(List.of(), false).refusal("http://prom:9090", FIELD))
                .hasValueSatisfying(m -> assertThat(m).contains("empty, which denies every URL"));
        assertThat(PrometheusEndpoints.of(List.of(), true).refusal("http://prom:9090", FIELD))
                .isEmpty();
    }

    @Test
    void theOperatorDoesNotStartWithABadEntry() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of(
                                                "TRACEJOB_PROMETHEUS_ALLOWED_URLS",
                                                "http://ok:9090, http://u:p@evil:9090"),
                                        new String[0]))
                .hasMessageStartingWith("prometheus-allowed-urls: 'http://u:p@evil:9090'");
    }

    @Test
    void aBadAllowlistEntryIsRefusedAtStartWithTheSettingsName() {
        assertThatThrownBy(() -> PrometheusEndpoints.of(List.of("prometheus:9090"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prometheus-allowed-urls: 'prometheus:9090'");
    }
}
