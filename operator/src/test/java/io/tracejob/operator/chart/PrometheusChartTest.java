package io.tracejob.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.tracejob.operator.config.ConfigLoader;
import io.tracejob.operator.config.OperatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code prometheus.*} values reach the operator: deny-all by default, the allowlist,
 * and the credentials Secret mounted (not read through the API: the chart grants nothing on
 * Secrets).
 */
class PrometheusChartTest {
    @Test
    void byDefaultNoPrometheusUrlIsAllowedAndNoSecretIsMounted() {
        RenderedChart chart = RenderedChart.render("");
        OperatorConfig config = ConfigLoader.load(chart.operatorEnv(), new String[0]);
        assertThat(config.prometheus().allowedUrls()).isEmpty();
        assertThat(config.prometheus().allowAny()).isFalse();
        assertThat(config.prometheus().credentialsDir()).isNull();
        assertThat(config.prometheus().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.prometheus().retryFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(chart.deployment().getSpec().getTemplate().getSpec().getVolumes())
                .noneMatch(v -> v.getSecret() != null);
        assertThat(chart.all(Secret.class)).isEmpty();
    }

    @Test
    void valuesReachTheOperatorAndTheSecretIsMountedWhereItReadsIt() {
        RenderedChart chart =
                RenderedChart.render(
                        """
                prometheus:
                  allowedUrls: [http://prometheus.monitoring:9090, https://thanos.example/query]
                  allowAny: true
                  credentialsSecret: prometheus-reader
                  timeout: 2s
                  retryFor: 30s
                """);
        OperatorConfig config = ConfigLoader.load(chart.operatorEnv(), new String[0]);
        assertThat(config.prometheus().allowedUrls())
                .containsExactly(
                        "http://prometheus.monitoring:9090", "https://thanos.example/query");
        assertThat(config.prometheus().allowAny()).isTrue();
        assertThat(config.prometheus().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.prometheus().retryFor()).isEqualTo(Duration.ofSeconds(30));
        Path dir = config.prometheus().credentialsDir();
        PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.getSecret().getSecretName())
                                    .isEqualTo("prometheus-reader");
                            assertThat(pod.getContainers().get(0).getVolumeMounts())
                                    .anySatisfy(
                                            m -> {
                                                assertThat(m.getName()).isEqualTo(v.getName());
                                                assertThat(Path.of(m.getMountPath()))
                                                        .isEqualTo(dir);
                                                assertThat(m.getReadOnly()).isTrue();
                                            });
                        });
    }
}
