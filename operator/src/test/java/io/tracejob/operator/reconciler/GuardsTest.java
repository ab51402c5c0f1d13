package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsTest {
    private static final String RESULT =
            Results.of(Results.latencies(3, 100, 5_000), StopReason.Completed).toJson();

    private static String condition(TraceJob j, String type) {
        return j.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason())
                .findFirst()
                .orElse("absent");
    }

    @Test
    void disallowedNamespaceFailsWithoutStartingAnything() {
        try (Harness h =
                new Harness(
                                p -> Termination.exit(0, RESULT),
                                b -> b.allowedNamespaces(Set.of("payments", "search")))
                        .startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "not-here", Pick.Any));
            TraceJob j = h.awaitPhase("not-here", Phase.Failed);
            assertThat(condition(j, "Accepted")).isEqualTo("False/NamespaceNotAllowed");
            assertThat(j.getStatus().getMessage())
                    .contains("namespace shop")
                    .contains("[payments, search]");
            assertThat(h.agentPods()).isEmpty();
            assertThat(h.kubelet.started()).isEmpty();
        }
    }

    @Test
    void durationAndFamilyLimits() {
        try (Harness h =
                new Harness(
                                p -> Termination.exit(0, RESULT),
                                b ->
                                        b.maxDuration(Duration.ofMinutes(1))
                                                .allowedFamilies(
                                                        Set.of(
                                                                ProbeFamily.Uprobe,
                                                                ProbeFamily.Usdt)))
                        .startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            TraceJob tooLong = Workloads.job(NS, "too-long", Pick.Any);
            tooLong.getSpec().setDuration("5m");
            h.workloads.create(tooLong);
            TraceJob kprobe = Workloads.job(NS, "kprobe", Pick.Any);
            kprobe.getSpec().getProbe().setFamily(ProbeFamily.Kprobe);
            kprobe.getSpec().getProbe().setBinary(null);
            kprobe.getSpec().getProbe().setFunction("tcp_sendmsg");
            h.workloads.create(kprobe);
            assertThat(condition(h.awaitPhase("too-long", Phase.Failed), "Accepted"))
                    .isEqualTo("False/DurationTooLong");
            assertThat(h.job("too-long").getStatus().getMessage())
                    .contains("spec.duration: 5m")
                    .contains("1m");
            assertThat(condition(h.awaitPhase("kprobe", Phase.Failed), "Accepted"))
                    .isEqualTo("False/FamilyNotAllowed");
        }
    }

    @Test
    void noMatchingPodSaysWhatWasSearched() {
        try (Harness h = new Harness(p -> Termination.exit(0, RESULT)).startOperator()) {
            h.workloads.targetPod(
                    "other", "shop-x", "node-1"); // same labels, other namespace: never a candidate
            h.workloads.create(Workloads.job(NS, "nobody", Pick.Any));
            TraceJob j = h.awaitPhase("nobody", Phase.Failed);
            assertThat(condition(j, "Selected")).isEqualTo("False/NoCandidates");
            assertThat(j.getStatus().getMessage())
                    .contains("namespace shop")
                    .contains("app=shop")
                    .contains("none found");
        }
    }

    @Test
    void atMostNAgentsPerNodeTheRestWaitInCreationOrder() {
        try (Harness h =
                new Harness(p -> Termination.exit(0, RESULT), b -> b.maxAgentsPerNode(1))
                        .startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            for (String n : List.of("first", "second", "third")) {
                h.workloads.create(Workloads.job(NS, n, Pick.Any));
                // distinct creation order even within one second of timestamps: wait until the job
                // is seen
                await().atMost(Duration.ofSeconds(10)).until(() -> h.job(n).getStatus() != null);
            }
            h.awaitPhase("first", Phase.Running);
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    condition(h.job("second"), "Waiting").equals("True/NodeBusy")
                                            && condition(h.job("third"), "Waiting")
                                                    .equals("True/NodeBusy"));
            assertThat(h.job("second").getStatus().getPhase()).isEqualTo(Phase.Pending);
            assertThat(h.job("second").getStatus().getQueuedOn()).containsExactly("node-1");
            assertThat(h.job("third").getStatus().getConditions())
                    .anySatisfy(
                            c ->
                                    assertThat(c.getMessage())
                                            .contains("node node-1 runs 1 of at most 1 agents"));
            assertThat(h.agentPods()).hasSize(1);

            h.kubelet.release();
            for (String n : List.of("first", "second", "third")) h.awaitPhase(n, Phase.Succeeded);
            assertThat(h.kubelet.maxActive("node-1")).isEqualTo(1);
            List<String> order =
                    h.kubelet.started().stream()
                            .map(pod -> pod.replaceAll("^tj-(first|second|third)-.*$", "$1"))
                            .toList();
            assertThat(order).containsExactly("first", "second", "third");
            assertThat(condition(h.job("third"), "Waiting")).startsWith("False");
            h.awaitEvents("third", "Waiting");
            assertThat(AgentLabels.SELECTOR).contains("tracejob-operator");
        }
    }
}
