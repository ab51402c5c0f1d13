package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.CpuRanking;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.StatusRecorder;
import io.tracejob.operator.testsupport.AgentRunner;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.PodCpuMetrics;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PickModesTest {
    /** Median latency of each fake pod: shop-b is the slow one. */
    private static final Map<String, Long> MEDIAN =
            Map.of("shop-a", 20_000L, "shop-b", 400_000L, "shop-c", 60_000L);

    private static Histogram histogramOf(String pod, String role) {
        return Results.latencies(
                (pod + role).hashCode(), "pretrace".equals(role) ? 500 : 4000, MEDIAN.get(pod));
    }

    private static Termination agent(io.fabric8.kubernetes.api.model.Pod pod) {
        String target = AgentLabels.annotation(pod, AgentLabels.TARGET_POD);
        String role = AgentLabels.label(pod, AgentLabels.ROLE);
        return Termination.exit(
                0, Results.of(histogramOf(target, role), StopReason.Completed).toJson());
    }

    @Test
    void pickAllTracesUpToMaxPodsAndMergesTheHistograms() {
        try (Harness h = new Harness(PickModesTest::agent).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.targetPod(NS, "shop-c", "node-2");
            TraceJob job = Workloads.job(NS, "all", Pick.All);
            job.getSpec().getTarget().setMaxPods(2);
            h.workloads.create(job);

            TraceJob done = h.awaitPhase("all", Phase.Succeeded);
            var s = done.getStatus();
            assertThat(s.getAgentPods()).hasSize(2);
            assertThat(s.getTarget().getPods()).containsExactly("shop-a", "shop-b");
            assertThat(s.getTarget().getPod())
                    .as("one pod per field: the list says which")
                    .isNull();
            assertThat(s.getTarget().getSelectedBy())
                    .contains("first 2 by name of 3 pods")
                    .contains("maxPods 2");
            Histogram a = histogramOf("shop-a", "trace");
            Histogram b = histogramOf("shop-b", "trace");
            Histogram sum = a.copy();
            sum.add(b);
            assertThat(s.getResult().decodeHistogram()).isEqualTo(sum);
            assertThat(s.getResult().getCount()).isEqualTo(8000);
            assertThat(s.getResult().getPercentiles().getP99())
                    .isEqualTo(sum.getValueAtPercentile(99));
            assertThat(s.getDisplay().getP99())
                    .isEqualTo(HumanDuration.format(sum.getValueAtPercentile(99)));
            // per-pod breakdown, slowest first, each from the pod's own result; All ranks nothing
            assertThat(s.getPerPod())
                    .extracting(PodResult::getPod)
                    .containsExactly("shop-b", "shop-a");
            assertThat(s.getPerPod())
                    .extracting(PodResult::getNode)
                    .containsExactly("node-2", "node-1");
            assertThat(s.getPerPod())
                    .extracting(p -> p.getPercentiles().getP99())
                    .containsExactly(b.getValueAtPercentile(99), a.getValueAtPercentile(99));
            assertThat(s.getPerPod())
                    .extracting(PodResult::getAgentPod)
                    .containsExactlyInAnyOrderElementsOf(s.getAgentPods());
            assertThat(s.getTarget().getCandidates()).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPods().isEmpty());
        }
    }

    @Test
    void pickAllRecordsEveryAgentInPerPodIncludingOneThatFailed() {
        AgentRunner slowPodOom =
                pod ->
                        "shop-b".equals(AgentLabels.annotation(pod, AgentLabels.TARGET_POD))
                                ? Termination.oomKilled()
                                : agent(pod);
        try (Harness h = new Harness(slowPodOom).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.targetPod(NS, "shop-c", "node-3");
            h.workloads.create(Workloads.job(NS, "all-oom", Pick.All));

            TraceJob done = h.awaitPhase("all-oom", Phase.Succeeded);
            var s = done.getStatus();
            assertThat(
                            StatusRecorder.condition(done, ConditionTypes.COMPLETE)
                                    .orElseThrow()
                                    .getReason())
                    .isEqualTo("PartialResult");
            // shop-c (median 60µs) before shop-a (20µs); shop-b's agent failed, so it comes last
            // though it is the slow one
            assertThat(s.getPerPod())
                    .extracting(PodResult::getPod)
                    .containsExactly("shop-c", "shop-a", "shop-b");
            for (PodResult p : s.getPerPod().subList(0, 2)) {
                Histogram own = histogramOf(p.getPod(), "trace");
                assertThat(p.getCount()).isEqualTo(own.getTotalCount());
                assertThat(p.getPercentiles().getP50()).isEqualTo(own.getValueAtPercentile(50));
                assertThat(p.getPercentiles().getP99()).isEqualTo(own.getValueAtPercentile(99));
                assertThat(p.getPercentiles().getP999()).isEqualTo(own.getValueAtPercentile(99.9));
                assertThat(p.getMaxNanos()).isEqualTo(own.getMaxValue());
                assertThat(p.getStopReason()).isEqualTo(StopReason.Completed);
                assertThat(p.getProcessesTraced()).isEqualTo(1);
                assertThat(p.getReason()).isNull();
            }
            PodResult failed = s.getPerPod().get(2);
            assertThat(failed.getNode()).isEqualTo("node-2");
            assertThat(failed.getAgentPod()).startsWith("tj-all-oom-t");
            assertThat(failed.getReason()).isEqualTo(FailureReasons.OOM_KILLED);
            assertThat(failed.getMessage()).contains("node-2").contains("memory limit");
            assertThat(failed.getCount()).isNull();
            assertThat(failed.getPercentiles()).isNull();
            assertThat(failed.getStopReason()).isNull();
            // the merged result: the sum of the pods that reported, and nothing of the failed one
            assertThat(s.getResult().getCount())
                    .isEqualTo(
                            s.getPerPod().stream()
                                    .filter(p -> p.getCount() != null)
                                    .mapToLong(PodResult::getCount)
                                    .sum())
                    .isEqualTo(8000);
            Histogram sum = histogramOf("shop-a", "trace").copy();
            sum.add(histogramOf("shop-c", "trace"));
            assertThat(s.getResult().decodeHistogram()).isEqualTo(sum);
        }
    }

    @Test
    void pickAllWithEveryAgentFailedStillListsEachReason() {
        try (Harness h = new Harness(pod -> Termination.neverStarts()).startOperator()) {
            // shop-a's agent is evicted; shop-b's agent pod is deleted before it reports (its entry
            // is then matched
            // to shop-b by the agent pod's name alone)
            h.kubelet.runner(
                    pod -> {
                        if ("shop-a".equals(AgentLabels.annotation(pod, AgentLabels.TARGET_POD))) {
                            return Termination.evicted("The node was low on resource: memory.");
                        }
                        h.client
                                .pods()
                                .inNamespace(h.config.agentNamespace())
                                .withName(pod.getMetadata().getName())
                                .delete();
                        return Termination.neverStarts();
                    });
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.create(Workloads.job(NS, "all-failed", Pick.All));

            TraceJob done = h.awaitPhase("all-failed", Phase.Failed);
            assertThat(done.getStatus().getResult()).isNull();
            assertThat(done.getStatus().getPerPod())
                    .extracting(PodResult::getPod)
                    .containsExactly("shop-a", "shop-b");
            assertThat(done.getStatus().getPerPod())
                    .extracting(PodResult::getReason)
                    .containsExactly(FailureReasons.EVICTED, FailureReasons.POD_LOST);
            assertThat(done.getStatus().getPerPod())
                    .extracting(PodResult::getNode)
                    .containsExactly("node-1", null);
            assertThat(done.getStatus().getPerPod().get(0).getMessage())
                    .contains("low on resource");
            assertThat(done.getStatus().getPerPod().get(1).getMessage())
                    .contains("was deleted before it reported");
        }
    }

    @Test
    void pickAllNeverAsksANodeForMoreAgentsThanItMayRun() {
        try (Harness h =
                new Harness(PickModesTest::agent, b -> b.maxAgentsPerNode(2)).startOperator()) {
            MEDIAN.keySet().forEach(p -> h.workloads.targetPod(NS, p, "node-1"));
            h.workloads.create(Workloads.job(NS, "all-one-node", Pick.All));
            TraceJob done = h.awaitPhase("all-one-node", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getPods()).containsExactly("shop-a", "shop-b");
            assertThat(done.getStatus().getTarget().getSelectedBy())
                    .endsWith("1 left out: the operator runs at most 2 agents per node");
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(8000);
        }
    }

    @Test
    void slowestByCpuUsesPodMetrics() {
        try (Harness h = new Harness(PickModesTest::agent).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.targetPod(NS, "shop-c", "node-3");
            PodCpuMetrics.serve(h, NS, Map.of("shop-a", "120m", "shop-b", "80m", "shop-c", "450m"));
            TraceJob job = Workloads.job(NS, "cpu", Pick.Slowest);
            SlowestBy by = new SlowestBy();
            by.setCpu(new CpuRanking());
            job.getSpec().getTarget().setSlowestBy(by);
            h.workloads.create(job);

            TraceJob done = h.awaitPhase("cpu", Phase.Succeeded);
            var t = done.getStatus().getTarget();
            assertThat(t.getPod()).isEqualTo("shop-c");
            assertThat(t.getSelectedBy())
                    .isEqualTo("highest CPU in metrics.k8s.io: 0.45 cores of 3 pods");
            assertThat(t.getCandidates())
                    .extracting(Candidate::getPod)
                    .containsExactly("shop-c", "shop-a", "shop-b");
            assertThat(t.getCandidates())
                    .extracting(Candidate::getValue)
                    .containsExactly(0.45, 0.12, 0.08);
            assertThat(done.getStatus().getPerPod()).as("perPod is for pick All only").isNull();
        }
    }

    @Test
    void slowestByProbePreTracesEveryCandidateWithinTheNodeLimitThenTracesTheSlowest() {
        try (Harness h =
                new Harness(PickModesTest::agent, b -> b.maxAgentsPerNode(2)).startOperator()) {
            MEDIAN.keySet().forEach(p -> h.workloads.targetPod(NS, p, "node-1"));
            h.workloads.create(
                    Workloads.job(
                            NS, "probe", Pick.Slowest)); // no slowestBy: pre-trace is the default

            TraceJob done = h.awaitPhase("probe", Phase.Succeeded);
            var t = done.getStatus().getTarget();
            assertThat(t.getPod()).isEqualTo("shop-b");
            long p99b = histogramOf("shop-b", "pretrace").getValueAtPercentile(99);
            assertThat(t.getSelectedBy())
                    .isEqualTo(
                            "highest p99 in a "
                                    + Rules.PRE_TRACE_DEFAULT
                                    + " pre-trace: "
                                    + HumanDuration.format(p99b)
                                    + " of 3 pods");
            assertThat(t.getCandidates())
                    .extracting(Candidate::getPod)
                    .containsExactly("shop-b", "shop-c", "shop-a");
            for (Candidate c : t.getCandidates()) {
                assertThat(c.getValue())
                        .isEqualTo(
                                (double)
                                        histogramOf(c.getPod(), "pretrace")
                                                .getValueAtPercentile(99));
            }
            // the full trace's result, not a pre-trace's
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(4000);
            assertThat(h.kubelet.started()).hasSize(4);
            assertThat(h.kubelet.maxActive("node-1")).isLessThanOrEqualTo(2);
            assertThat(h.kubelet.started().stream().filter(n -> n.matches("tj-probe-p.*")))
                    .hasSize(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPods().isEmpty());
            assertThat(AgentRole.PRETRACE.label()).isEqualTo("pretrace");
        }
    }
}
