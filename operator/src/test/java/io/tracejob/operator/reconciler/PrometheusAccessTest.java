package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.ScriptedHttpServer;
import io.tracejob.operator.testsupport.ScriptedHttpServer.Reply;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The operator's Prometheus access as a TraceJob sees it: a URL outside the allowlist fails the job
 * with a condition naming the field and no request made; a transient failure is retried within
 * {@code prometheus.retryFor}, then fails with the attempts counted.
 */
class PrometheusAccessTest {
    private static final String ANSWER =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                    + "{\"metric\":{\"pod\":\"shop-a\"},\"value\":[1,\"0.1\"]},"
                    + "{\"metric\":{\"pod\":\"shop-b\"},\"value\":[1,\"0.9\"]}]}}";

    private static TraceJob job(String url) {
        TraceJob j = Workloads.job(NS, "slowest", Pick.Slowest);
        PrometheusRanking p = new PrometheusRanking();
        p.setUrl(url);
        p.setQuery("max by (pod) (shop_p99_seconds)");
        SlowestBy by = new SlowestBy();
        by.setPrometheus(p);
        j.getSpec().getTarget().setSlowestBy(by);
        return j;
    }

    private static UnaryOperator<OperatorConfig.Builder> allowing(String url, Duration retryFor) {
        return b ->
                b.prometheus(
                        b.prometheus()
                                .withAllowedUrls(List.of(url))
                                .withTimeout(Duration.ofSeconds(1))
                                .withRetryFor(retryFor));
    }

    private static Harness harness(UnaryOperator<OperatorConfig.Builder> config) {
        String result =
                Results.of(Results.latencies(5, 2000, 700_000), StopReason.Completed).toJson();
        Harness h = new Harness(pod -> Termination.exit(0, result), config).startOperator();
        h.workloads.targetPod(NS, "shop-a", "node-a");
        h.workloads.targetPod(NS, "shop-b", "node-b");
        return h;
    }

    @Test
    void aUrlOutsideTheAllowlistFailsTheJobWithAConditionAndNoRequest() throws Exception {
        try (var server = new ScriptedHttpServer(Reply.of(200, ANSWER));
                Harness h =
                        harness(
                                allowing(
                                        "http://prometheus.monitoring:9090",
                                        Duration.ofSeconds(5)))) {
            h.workloads.create(job(server.url()));
            TraceJob failed = h.awaitPhase("slowest", Phase.Failed);
            assertThat(failed.getStatus().getConditions())
                    .anySatisfy(
                            c -> {
                                assertThat(c.getType()).isEqualTo("Selected");
                                assertThat(c.getStatus()).isEqualTo("False");
                                assertThat(c.getReason()).isEqualTo("PrometheusUrlNotAllowed");
                                assertThat(c.getMessage())
                                        .startsWith(
                                                "spec.target.slowestBy.prometheus.url: "
                                                        + server.url())
                                        .contains("prometheus.allowedUrls");
                            });
            h.awaitEvents("slowest", "PrometheusUrlNotAllowed");
            assertThat(server.seen()).isEmpty();
            assertThat(h.agentPods()).isEmpty();
        }
    }

    @Test
    void byDefaultNoUrlIsAllowed() throws Exception {
        try (var server = new ScriptedHttpServer(Reply.of(200, ANSWER));
                Harness h = harness(b -> b)) {
            h.workloads.create(job(server.url()));
            TraceJob failed = h.awaitPhase("slowest", Phase.Failed);
            assertThat(failed.getStatus().getMessage()).contains("empty, which denies every URL");
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void aServerThatRecoversWithinRetryForGetsTheJobTraced() throws Exception {
        try (var server =
                        new ScriptedHttpServer(
                                Reply.of(503, "overloaded"),
                                Reply.of(502, "bad gateway"),
                                Reply.of(200, ANSWER));
                Harness h = harness(allowing(server.url(), Duration.ofSeconds(30)))) {
            h.workloads.create(job(server.url()));
            TraceJob done = h.awaitPhase("slowest", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getPod()).isEqualTo("shop-b");
            assertThat(server.seen()).hasSize(3);
        }
    }

    @Test
    void aServerStillDownAfterRetryForFailsTheJobCountingTheAttempts() throws Exception {
        try (var server = new ScriptedHttpServer(Reply.of(503, "overloaded"));
                Harness h = harness(allowing(server.url(), Duration.ofMillis(1500)))) {
            h.workloads.create(job(server.url()));
            TraceJob failed = h.awaitPhase("slowest", Phase.Failed);
            assertThat(failed.getStatus().getConditions())
                    .anySatisfy(
                            c -> {
                                assertThat(c.getReason()).isEqualTo("PrometheusUnreachable");
                                assertThat(c.getMessage())
                                        .contains("HTTP 503")
                                        .containsPattern("gave up after [2-9] attempts");
                            });
            assertThat(server.seen().size()).isGreaterThan(1);
        }
    }
}
