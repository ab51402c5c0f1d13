package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.PodCpuMetrics;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pick Slowest by probe with more candidates than it may pre-trace: five pods, the operator's cap
 * 3. shop-e is the slowest but the idlest, so narrowing by CPU leaves it out, and selectedBy says
 * so.
 */
class PreTraceBoundTest {
    private static final Map<String, String> CPU =
            new TreeMap<>(
                    Map.of(
                            "shop-a", "100m", "shop-b", "500m", "shop-c", "900m", "shop-d", "300m",
                            "shop-e", "50m"));
    private static final Map<String, Long> MEDIAN =
            Map.of(
                    "shop-a", 10_000L, "shop-b", 80_000L, "shop-c", 40_000L, "shop-d", 200_000L,
                    "shop-e", 900_000L);

    private static Termination agent(Pod pod) {
        String target = AgentLabels.annotation(pod, AgentLabels.TARGET_POD);
        return Termination.exit(
                0,
                Results.of(
                                Results.latencies(target.hashCode(), 400, MEDIAN.get(target)),
                                StopReason.Completed)
                        .toJson());
    }

    private static TraceJob slowestByProbe(String name, Integer maxCandidates) {
        TraceJob job = Workloads.job(NS, name, Pick.Slowest);
        SlowestBy by = new SlowestBy();
        ProbeRanking probe = new ProbeRanking();
        probe.setDuration("1s");
        if (maxCandidates != null) probe.setMaxCandidates(maxCandidates);
        by.setProbe(probe);
        job.getSpec().getTarget().setSlowestBy(by);
        return job;
    }

    private static List<String> preTraceAgentsOf(Harness h, String job) {
        return h.kubelet.started().stream().filter(n -> n.startsWith("tj-" + job + "-p")).toList();
    }

    @Test
    void moreCandidatesThanAllowedArePreTracedBusiestFirstAndSelectedBySaysWhoWasNot() {
        try (Harness h =
                new Harness(PreTraceBoundTest::agent, b -> b.maxPreTraceCandidates(3))
                        .startOperator()) {
            int node = 1;
            for (String pod : CPU.keySet()) h.workloads.targetPod(NS, pod, "node-" + node++);
            PodCpuMetrics.serve(h, NS, CPU);

            // the job asks for fewer than the operator's cap: its own limit holds
            h.workloads.create(slowestByProbe("two", 2));
            TraceJob two = h.awaitPhase("two", Phase.Succeeded);
            assertThat(preTraceAgentsOf(h, "two")).hasSize(2);
            assertThat(two.getStatus().getTarget().getCandidates())
                    .extracting(Candidate::getPod)
                    .containsExactly("shop-b", "shop-c");
            assertThat(two.getStatus().getTarget().getPods()).containsExactly("shop-b");
            assertThat(two.getStatus().getTarget().getSelectedBy())
                    .startsWith("highest p99 in a 1s pre-trace: ")
                    .contains("of 2 pods")
                    .contains(
                            "pre-traced 2 of 5 pods (slowestBy.probe.maxCandidates 2), the"
                                    + " busiest by CPU in metrics.k8s.io; not measured: shop-d (0.3"
                                    + " cores), shop-a (0.1 cores), shop-e (0.05 cores)");

            // the default (10) asks for more than the cap: the operator's cap holds
            h.workloads.create(slowestByProbe("capped", null));
            TraceJob capped = h.awaitPhase("capped", Phase.Succeeded);
            assertThat(preTraceAgentsOf(h, "capped")).hasSize(3);
            assertThat(capped.getStatus().getTarget().getPods()).containsExactly("shop-d");
            assertThat(capped.getStatus().getTarget().getSelectedBy())
                    .contains("pre-traced 3 of 5 pods (the operator's max-pre-trace-candidates 3)")
                    .contains("not measured: shop-a (0.1 cores), shop-e (0.05 cores)");
        }
    }
}
