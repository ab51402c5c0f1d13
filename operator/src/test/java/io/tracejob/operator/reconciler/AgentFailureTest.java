package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each TraceJob targets its own pod; the fake kubelet ends that pod's agent the way the job's name
 * says. The pod of "lacks" is alone on node-2: the operator remembers that node as lacking the
 * family, and would start no agent of the other jobs (same family) on it.
 */
class AgentFailureTest {
    private static final String PARTIAL =
            Results.of(Results.latencies(11, 800, 30_000), StopReason.Signalled).toJson();
    private static final Map<String, Termination> ENDINGS =
            Map.of(
                    "lacks",
                            Termination.exit(
                                    3,
                                    "tracejob-agent: Kprobe is not available on node node-2: CONFIG_KPROBES is off;"
                                            + " trace a tracepoint or USDT probe at the same boundary instead"),
                    "badinput",
                            Termination.exit(
                                    2,
                                    "tracejob-agent: spec.probe.binary: '/app/../etc' must be a clean absolute path"),
                    "crash",
                            Termination.exit(
                                    1, "tracejob-agent: internal error: map update failed"),
                    "oom", Termination.oomKilled(),
                    "pull", Termination.imagePull(),
                    "evicted", Termination.evicted("The node was low on resource: memory."),
                    "deadline", Termination.deadline(null),
                    "partial", Termination.deadline(PARTIAL));

    /** also the grace of a failing image pull (the kubelet retries it) */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(3);

    private static Harness h;

    @BeforeAll
    static void start() {
        h =
                new Harness(
                                pod ->
                                        ENDINGS.get(
                                                AgentLabels.annotation(
                                                        pod, AgentLabels.TARGET_POD)),
                                b -> b.agentStartTimeout(START_TIMEOUT))
                        .startOperator();
        ENDINGS.keySet()
                .forEach(
                        name ->
                                h.workloads.targetPod(
                                        NS, name, "lacks".equals(name) ? "node-2" : "node-1"));
        ENDINGS.keySet().forEach(name -> h.workloads.create(Workloads.jobForPod(NS, name, name)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static TraceJob failed(String name, String reason) {
        TraceJob j = h.awaitPhase(name, Phase.Failed);
        Condition c =
                j.getStatus().getConditions().stream()
                        .filter(x -> "Failed".equals(x.getType()))
                        .findFirst()
                        .orElseThrow();
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo(reason);
        assertThat(j.getStatus().getMessage()).isEqualTo(c.getMessage());
        // events are recorded in the background
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () ->
                                assertThat(h.events(name))
                                        .anySatisfy(
                                                e -> {
                                                    assertThat(e.getType()).isEqualTo("Warning");
                                                    assertThat(e.getReason()).isEqualTo(reason);
                                                }));
        return j;
    }

    @Test
    void nodeLacksTheProbeFamily() {
        assertThat(failed("lacks", FailureReasons.NODE_LACKS_CAPABILITY).getStatus().getMessage())
                .contains("node-2")
                .contains("CONFIG_KPROBES is off")
                .contains("tracepoint or USDT");
    }

    @Test
    void agentRejectsTheSpec() {
        assertThat(failed("badinput", FailureReasons.BAD_INPUT).getStatus().getMessage())
                .contains("spec.probe.binary");
    }

    @Test
    void agentInternalErrorCarriesItsMessage() {
        assertThat(failed("crash", FailureReasons.AGENT_ERROR).getStatus().getMessage())
                .contains("code 1")
                .contains("map update failed");
    }

    @Test
    void oomKilled() {
        assertThat(failed("oom", FailureReasons.OOM_KILLED).getStatus().getMessage())
                .contains("256Mi");
    }

    @Test
    void imagePullFailureNamesTheImageAfterTheStartTimeoutNotAtOnce() {
        TraceJob j = failed("pull", FailureReasons.IMAGE_PULL);
        assertThat(j.getStatus().getMessage()).contains("tracejob-agent:test");
        // the kubelet reports ErrImagePull at once; the job waited the grace before failing
        assertThat(
                        Duration.between(
                                Instant.parse(j.getStatus().getStartTime()),
                                Instant.parse(j.getStatus().getCompletionTime())))
                .isGreaterThanOrEqualTo(START_TIMEOUT.minusMillis(1000));
    }

    @Test
    void evicted() {
        assertThat(failed("evicted", FailureReasons.EVICTED).getStatus().getMessage())
                .contains("low on resource");
    }

    @Test
    void deadlineWithoutResult() {
        failed("deadline", FailureReasons.DEADLINE_EXCEEDED);
    }

    @Test
    void deadlineWithPartialResultSucceedsAsPartial() {
        TraceJob j = h.awaitPhase("partial", Phase.Succeeded);
        assertThat(j.getStatus().getResult().getCount()).isEqualTo(800);
        Condition complete =
                j.getStatus().getConditions().stream()
                        .filter(c -> "Complete".equals(c.getType()))
                        .findFirst()
                        .orElseThrow();
        assertThat(complete.getReason()).isEqualTo("PartialResult");
        assertThat(j.getStatus().getResult().getWarnings()).anyMatch(w -> w.contains("deadline"));
    }

    @Test
    void agentPodThatNeverStartsFailsAfterTheStartTimeout() {
        try (Harness h2 =
                new Harness(
                                pod -> Termination.neverStarts(),
                                b -> b.agentStartTimeout(Duration.ofSeconds(1)))
                        .startOperator()) {
            h2.workloads.targetPod(NS, "shop-a", "node-gone");
            h2.workloads.create(Workloads.jobForPod(NS, "stuck", "shop-a"));
            TraceJob j = h2.awaitPhase("stuck", Phase.Failed);
            assertThat(j.getStatus().getConditions())
                    .anySatisfy(
                            c -> assertThat(c.getReason()).isEqualTo(FailureReasons.NOT_STARTED));
            assertThat(j.getStatus().getMessage()).contains("node-gone").contains("within 1s");
            java.time.Duration took =
                    java.time.Duration.between(
                            java.time.Instant.parse(j.getStatus().getStartTime()),
                            java.time.Instant.parse(j.getStatus().getCompletionTime()));
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void failuresAreCountedByReasonAndAgentPodsRemoved() {
        ENDINGS.keySet()
                .forEach(
                        n ->
                                await().atMost(Duration.ofSeconds(60))
                                        .until(
                                                () -> {
                                                    TraceJob j = h.job(n);
                                                    return j.getStatus() != null
                                                            && (j.getStatus().getPhase()
                                                                            == Phase.Failed
                                                                    || j.getStatus().getPhase()
                                                                            == Phase.Succeeded);
                                                }));
        await().atMost(Duration.ofSeconds(60)).until(() -> h.agentPods().isEmpty());
        String scrape = h.registry.scrape();
        assertThat(scrape).contains("tracejob_agent_failures_total{reason=\"AgentOOMKilled\"} 1.0");
        assertThat(scrape)
                .contains("tracejob_agent_failures_total{reason=\"NodeLacksCapability\"} 1.0");
        assertThat(scrape).contains("tracejob_traces_total{phase=\"Failed\"} 7.0");
        assertThat(scrape).contains("tracejob_traces_total{phase=\"Succeeded\"} 1.0");
        // each job went through each phase once: no pass decided on a stale status
        assertThat(scrape).contains("tracejob_traces_total{phase=\"Running\"} 8.0");
        assertThat(scrape).contains("tracejob_agent_pods_started_total 8.0");
        assertThat(scrape).contains("operator_sdk_controllers_execution_reconcile_seconds_count{");
        for (Pod p : h.agentPods()) assertThat(p).isNull();
    }
}
