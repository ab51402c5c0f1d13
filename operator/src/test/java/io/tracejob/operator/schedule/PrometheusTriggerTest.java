package io.tracejob.operator.schedule;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.Target;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.api.v1alpha1.TriggerState;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.LocalPrometheus;
import io.tracejob.operator.testsupport.MetricsEndpoint;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * docs/examples/slow-orders-trigger-schedule.yaml against a real Prometheus scraping a local
 * endpoint whose value the test changes, with the operator's clock in the test's hands for 'for'
 * and 'cooldown': no run while below the threshold, one after 'for', none within the cooldown, and
 * a condition once the server is gone.
 */
class PrometheusTriggerTest {
    private static final String NAME = "match-order-when-slow";
    private static final String METRIC = "match_order_p99_seconds";

    private static TraceSchedule example(String url) throws Exception {
        TraceSchedule s =
                Manifests.readTraceSchedule(
                        Files.readString(
                                Path.of(
                                        "..",
                                        "docs",
                                        "examples",
                                        "slow-orders-trigger-schedule.yaml")));
        s.getMetadata().setNamespace(NS);
        var p = s.getSpec().getTrigger().getPrometheus();
        p.setUrl(url);
        p.setQuery(METRIC);
        Target target = new Target();
        target.setPodName("engine-0");
        s.getSpec().getJobTemplate().getSpec().setTarget(target);
        s.getSpec().getJobTemplate().getSpec().setDuration("1s");
        assertThat(SpecValidator.validate(s.getSpec())).isEmpty();
        return s;
    }

    private static Harness harness(String allowedUrl) {
        String result =
                Results.of(Results.latencies(7, 2000, 40_000), StopReason.Completed).toJson();
        return new Harness(
                pod -> Termination.exit(0, result),
                b -> allow(b, allowedUrl).agentStartTimeout(Duration.ofDays(3650)));
    }

    private static OperatorConfig.Builder allow(OperatorConfig.Builder b, String url) {
        return b.prometheus(
                b.prometheus()
                        .withAllowedUrls(List.of(url))
                        .withTimeout(Duration.ofSeconds(1))
                        .withRetryFor(Duration.ofSeconds(1)));
    }

    /** The first evaluation at or after {@code since} that {@code ok} accepts. */
    private static TriggerEvaluation awaitEvaluation(
            ScheduleHarness s, Instant since, Predicate<TriggerEvaluation> ok) {
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        TraceSchedule done =
                s.awaitStatus(
                        NS,
                        NAME,
                        x -> {
                            TriggerEvaluation e = x.getStatus().getLastTrigger();
                            return e != null
                                    && !Instant.parse(e.getTime()).isBefore(from)
                                    && ok.test(e);
                        });
        return done.getStatus().getLastTrigger();
    }

    private static Optional<Condition> condition(ScheduleHarness s, String type) {
        var st = s.get(NS, NAME).getStatus();
        return st.getConditions() == null
                ? Optional.empty()
                : st.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    @Test
    void firesAfterForNotAgainWithinTheCooldownAndSaysWhenPrometheusIsGone() throws Exception {
        AtomicReference<String> value = new AtomicReference<>("0.1");
        try (MetricsEndpoint endpoint =
                        new MetricsEndpoint(
                                () ->
                                        "# TYPE "
                                                + METRIC
                                                + " gauge\n"
                                                + METRIC
                                                + " "
                                                + value.get()
                                                + "\n");
                LocalPrometheus prometheus = LocalPrometheus.start(List.of(endpoint.target()));
                Harness harness = harness(prometheus.url())) {
            awaitPrometheusSays(prometheus, "0.1");
            ScheduleHarness s = new ScheduleHarness(harness);
            harness.startOperator(s.clock);
            harness.workloads.targetPod(NS, "engine-0", "node-1");
            s.create(example(prometheus.url()));

            // below the threshold (0.25): evaluated, no run
            TriggerEvaluation below =
                    awaitEvaluation(s, Instant.EPOCH, e -> e.getState() == TriggerState.Below);
            assertThat(below.getValue()).isEqualTo("0.1");
            assertThat(s.jobs(NS, NAME)).isEmpty();
            assertThat(condition(s, ScheduleStatusRecorder.TRIGGER_EVALUATED))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

            // above it: pending for 'for' (2m), still no run
            value.set("0.4");
            awaitPrometheusSays(prometheus, "0.4");
            s.clock.advance(Duration.ofSeconds(30));
            TriggerEvaluation pending =
                    awaitEvaluation(
                            s, s.clock.instant(), e -> e.getState() == TriggerState.Pending);
            assertThat(pending.getValue()).isEqualTo("0.4");
            assertThat(s.jobs(NS, NAME)).isEmpty();

            // 'for' has passed: one run, named by the trigger's minute
            s.clock.advance(Duration.ofMinutes(2));
            TriggerEvaluation firing =
                    awaitEvaluation(s, s.clock.instant(), e -> e.getState() == TriggerState.Firing);
            assertThat(firing.getLastFiredTime()).isNotNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> s.jobs(NS, NAME).size() == 1);
            TraceJob run = s.jobs(NS, NAME).get(0);
            assertThat(run.getMetadata().getName())
                    .isEqualTo(
                            NAME
                                    + "-t"
                                    + Instant.parse(firing.getLastFiredTime()).getEpochSecond()
                                            / 60);
            assertThat(run.getMetadata().getAnnotations())
                    .containsEntry(ScheduledJobs.TRIGGERED, "prometheus");

            // still above, within the cooldown (30m): no second run
            s.clock.advance(Duration.ofMinutes(10));
            TriggerEvaluation cooling =
                    awaitEvaluation(
                            s, s.clock.instant(), e -> e.getMessage().contains("cooling down"));
            assertThat(cooling.getState()).isEqualTo(TriggerState.Firing);
            assertThat(s.jobs(NS, NAME)).hasSize(1);

            // the cooldown over (and the first run finished: Forbid): a second run
            s.clock.advance(Duration.ofMinutes(21));
            await().atMost(Duration.ofSeconds(30)).until(() -> s.jobs(NS, NAME).size() == 2);

            // Prometheus gone: an Error evaluation and a condition, never a silent stop
            prometheus.close();
            s.clock.advance(Duration.ofSeconds(30));
            TriggerEvaluation error =
                    awaitEvaluation(s, s.clock.instant(), e -> e.getState() == TriggerState.Error);
            assertThat(error.getMessage())
                    .contains("cannot query Prometheus at " + prometheus.url());
            assertThat(condition(s, ScheduleStatusRecorder.TRIGGER_EVALUATED))
                    .hasValueSatisfying(
                            c -> {
                                assertThat(c.getStatus()).isEqualTo("False");
                                assertThat(c.getReason()).isEqualTo("PrometheusUnreachable");
                            });
            assertThat(s.jobs(NS, NAME)).hasSize(2);
        }
    }

    @Test
    void aTriggerUrlOutsideTheAllowlistIsAConditionAndNoRequest() throws Exception {
        try (Harness harness = harness("http://prometheus.monitoring:9090")) {
            ScheduleHarness s = new ScheduleHarness(harness);
            harness.startOperator(s.clock);
            s.create(example("http://127.0.0.1:9"));
            TriggerEvaluation error =
                    awaitEvaluation(s, Instant.EPOCH, e -> e.getState() == TriggerState.Error);
            assertThat(error.getMessage())
                    .startsWith("spec.trigger.prometheus.url: http://127.0.0.1:9")
                    .contains("prometheus.allowedUrls");
            assertThat(condition(s, ScheduleStatusRecorder.TRIGGER_EVALUATED))
                    .hasValueSatisfying(
                            c -> assertThat(c.getReason()).isEqualTo("PrometheusUrlNotAllowed"));
            assertThat(s.jobs(NS, NAME)).isEmpty();

            // the trigger removed (a cron schedule instead): its evaluation and condition go
            TraceSchedule current = s.get(NS, NAME);
            current.getSpec().setTrigger(null);
            current.getSpec().setSchedule("0 * * * *");
            harness.client.resource(current).update();
            s.awaitStatus(
                    NS,
                    NAME,
                    x ->
                            x.getStatus().getLastTrigger() == null
                                    && x.getStatus().getConditions().stream()
                                            .noneMatch(
                                                    c ->
                                                            ScheduleStatusRecorder.TRIGGER_EVALUATED
                                                                    .equals(c.getType())));
        }
    }

    private static void awaitPrometheusSays(LocalPrometheus prometheus, String v) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> prometheus.query(METRIC).contains("\"" + v + "\""));
    }
}
