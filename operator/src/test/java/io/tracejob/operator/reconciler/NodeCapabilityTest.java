package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.Target;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.ShiftedClock;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node old-kernel has no kprobes: an agent tracing a Kprobe there exits 3, as the real agent does.
 * Every other agent returns a result. Once one agent has said so, a TraceJob of that family on that
 * node fails without an agent.
 */
class NodeCapabilityTest {
    private static final String OLD = "old-kernel";
    private static final String NEW = "new-kernel";
    private static final String NO_KPROBES =
            "spec.probe.family: Kprobe cannot run on node "
                    + OLD
                    + ": kprobes are absent:"
                    + " there is no kprobe_events in tracefs (the kernel is built without CONFIG_KPROBES); next rung of the ladder:"
                    + " trace the same boundary with a tracepoint pair (probe.family: Tracepoint, e.g. syscalls:sys_enter_X /"
                    + " syscalls:sys_exit_X) or with USDT probes (probe.family: Usdt) in the program";

    private static Termination agent(Pod pod) {
        List<String> args = pod.getSpec().getContainers().get(0).getArgs();
        TraceJobSpec spec =
                Serialization.unmarshal(
                        args.get(args.indexOf("--spec-json") + 1), TraceJobSpec.class);
        if (OLD.equals(pod.getSpec().getNodeName())
                && spec.getProbe().getFamily() == ProbeFamily.Kprobe) {
            return Termination.exit(
                    3,
                    new AgentFailure(NO_KPROBES, Scope.Node, ProbeFamily.Kprobe, "Tracepoint")
                            .toTerminationMessage());
        }
        String target = AgentLabels.annotation(pod, AgentLabels.TARGET_POD);
        long median = "shop-c".equals(target) ? 900_000 : 20_000;
        return Termination.exit(
                0,
                Results.of(Results.latencies(target.hashCode(), 200, median), StopReason.Completed)
                        .toJson());
    }

    private static TraceJob kprobe(TraceJob job) {
        job.getSpec().getProbe().setFamily(ProbeFamily.Kprobe);
        job.getSpec().getProbe().setBinary(null);
        job.getSpec().getProbe().setFunction("tcp_sendmsg");
        return job;
    }

    private static TraceJob kprobeOn(String name, String pod) {
        return kprobe(Workloads.jobForPod(NS, name, pod));
    }

    private static TraceJob kprobeOver(String name, Pick pick, String app) {
        Target t = new Target();
        t.setSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build());
        t.setPick(pick);
        return kprobe(Workloads.job(NS, name, t));
    }

    private static Condition condition(TraceJob j, String type) {
        return j.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> startedFor(Harness h, String job) {
        return h.kubelet.started().stream().filter(n -> n.startsWith("tj-" + job + "-")).toList();
    }

    private static String agentsStarted(Harness h) {
        return h.registry
                .scrape()
                .lines()
                .filter(l -> l.startsWith("tracejob_agent_pods_started_total"))
                .findFirst()
                .orElse("");
    }

    @Test
    void aNodeKnownToLackTheFamilyFailsTheNextJobWithoutAnAgentUntilTheMemoryExpires() {
        ShiftedClock clock = new ShiftedClock();
        try (Harness h =
                new Harness(
                                NodeCapabilityTest::agent,
                                b ->
                                        b.nodeCapabilityTtl(Duration.ofMinutes(10))
                                                .agentStartTimeout(Duration.ofHours(1)))
                        .startOperator(clock)) {
            h.workloads.targetPod(NS, "legacy-a", OLD);
            h.workloads.targetPod(NS, "legacy-b", OLD);
            h.workloads.targetPod(NS, "modern", NEW);

            // The first job learns it the hard way: its agent exits 3.
            h.workloads.create(kprobeOn("first", "legacy-a"));
            TraceJob first = h.awaitPhase("first", Phase.Failed);
            assertThat(condition(first, ConditionTypes.FAILED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(first.getStatus().getMessage())
                    .startsWith("node " + OLD + " cannot run this probe: " + NO_KPROBES);
            String firstAgent = first.getStatus().getAgentPods().get(0);
            assertThat(startedFor(h, "first")).containsExactly(firstAgent);

            // Same family, same node, another pod: failed at once, no agent pod.
            h.workloads.create(kprobeOn("second", "legacy-b"));
            TraceJob second = h.awaitPhase("second", Phase.Failed);
            assertThat(condition(second, ConditionTypes.FAILED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(condition(second, ConditionTypes.SELECTED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(second.getStatus().getMessage())
                    .startsWith(
                            "no agent for legacy-b on node "
                                    + OLD
                                    + ": node "
                                    + OLD
                                    + " lacks what probe family Kprobe needs")
                    .containsPattern(
                            "agent pod "
                                    + firstAgent
                                    + " said so at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: ")
                    .contains("\"" + NO_KPROBES + "\"")
                    .contains("until ")
                    .contains("node-capability-ttl 10m")
                    .contains(
                            "next rung of the ladder: trace the same boundary with a tracepoint pair");
            assertThat(second.getStatus().getAgentPods()).isNullOrEmpty();
            assertThat(agentsStarted(h)).endsWith(" 1.0");
            h.awaitEvents("second", FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(h.events("second"))
                    .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

            // Another family on that node, and the same family on another node, still get their
            // agents.
            h.workloads.create(Workloads.jobForPod(NS, "uprobe-there", "legacy-b"));
            h.workloads.create(kprobeOn("kprobe-elsewhere", "modern"));
            assertThat(
                            h.awaitPhase("uprobe-there", Phase.Succeeded)
                                    .getStatus()
                                    .getResult()
                                    .getCount())
                    .isEqualTo(200);
            assertThat(
                            h.awaitPhase("kprobe-elsewhere", Phase.Succeeded)
                                    .getStatus()
                                    .getResult()
                                    .getCount())
                    .isEqualTo(200);
            assertThat(startedFor(h, "uprobe-there")).hasSize(1);
            assertThat(startedFor(h, "kprobe-elsewhere")).hasSize(1);

            // Past the TTL the node may have a new kernel: an agent is started again (and says the
            // same).
            clock.advance(Duration.ofMinutes(11));
            h.workloads.create(kprobeOn("later", "legacy-b"));
            TraceJob later = h.awaitPhase("later", Phase.Failed);
            assertThat(later.getStatus().getMessage())
                    .startsWith("node " + OLD + " cannot run this probe: " + NO_KPROBES);
            await().atMost(Duration.ofSeconds(10)).until(() -> startedFor(h, "later").size() == 1);
            assertThat(startedFor(h, "second")).isEmpty();
        }
    }

    @Test
    void whatANodeLacksIsRememberedAcrossAnOperatorRestart() {
        try (Harness h = new Harness(NodeCapabilityTest::agent).startOperator()) {
            h.workloads.targetPod(NS, "legacy-a", OLD);
            h.workloads.targetPod(NS, "legacy-b", OLD);
            h.workloads.create(kprobeOn("first", "legacy-a"));
            TraceJob first = h.awaitPhase("first", Phase.Failed);
            String firstAgent = first.getStatus().getAgentPods().get(0);
            var gap = first.getStatus().getNodeGaps().get(0);
            assertThat(gap.getNode()).isEqualTo(OLD);
            assertThat(gap.getFamily()).isEqualTo(ProbeFamily.Kprobe);
            assertThat(gap.getAgentPod()).isEqualTo(firstAgent);
            assertThat(gap.getAgentMessage()).isEqualTo(NO_KPROBES);
            // the agent pod is gone once its result is read: only the job's status remembers
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPods().isEmpty());

            h.stopOperator();
            h.startOperator();
            h.workloads.create(kprobeOn("after-restart", "legacy-b"));
            TraceJob after = h.awaitPhase("after-restart", Phase.Failed);
            assertThat(after.getStatus().getMessage())
                    .startsWith("no agent for legacy-b on node " + OLD)
                    .contains("agent pod " + firstAgent + " said so at ")
                    .contains("\"" + NO_KPROBES + "\"");
            assertThat(after.getStatus().getNodeGaps()).isNull();
            assertThat(startedFor(h, "after-restart")).isEmpty();
        }
    }

    /**
     * Pods app=shop: shop-a on the old node, shop-b and shop-c (the slowest) on the new one;
     * legacy-x on the old one.
     */
    private static Harness shopOnBothNodes() {
        Harness h = new Harness(NodeCapabilityTest::agent).startOperator();
        h.workloads.targetPod(NS, "shop-a", OLD);
        h.workloads.targetPod(NS, "shop-b", NEW);
        h.workloads.targetPod(NS, "shop-c", NEW);
        h.workloads.targetPod(NS, "legacy-x", OLD, Map.of("app", "legacy"));
        return h;
    }

    @Test
    void pickAllTracesThePodsOnOtherNodesAndNamesTheSkippedOnes() {
        try (Harness h = shopOnBothNodes()) {
            h.workloads.create(kprobeOn("teach", "legacy-x"));
            h.awaitPhase("teach", Phase.Failed);

            h.workloads.create(kprobeOver("all", Pick.All, "shop"));
            TraceJob all = h.awaitPhase("all", Phase.Succeeded);
            assertThat(all.getStatus().getTarget().getPods()).containsExactly("shop-b", "shop-c");
            assertThat(all.getStatus().getTarget().getPod()).isNull();
            assertThat(all.getStatus().getTarget().getSelectedBy())
                    .endsWith("; 1 left out: shop-a on node " + OLD + " (node lacks Kprobe)");
            assertThat(all.getStatus().getResult().getCount()).isEqualTo(400);
            Condition skipped = condition(all, ConditionTypes.TARGETS_SKIPPED);
            assertThat(skipped.getStatus()).isEqualTo("True");
            assertThat(skipped.getReason()).isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(skipped.getMessage())
                    .startsWith("no agent for shop-a on node " + OLD + ": node " + OLD)
                    .contains("\"" + NO_KPROBES + "\"");
            assertThat(startedFor(h, "all"))
                    .hasSize(2)
                    .doesNotContain(AgentPodFactory.podName(all, AgentRole.TRACE, "shop-a"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () ->
                                    assertThat(h.events("all"))
                                            .anySatisfy(
                                                    e -> {
                                                        assertThat(e.getType())
                                                                .isEqualTo("Warning");
                                                        assertThat(e.getReason())
                                                                .isEqualTo(
                                                                        FailureReasons
                                                                                .NODE_LACKS_CAPABILITY);
                                                        assertThat(e.getMessage())
                                                                .contains("shop-a");
                                                    }));

            // Every chosen pod on such a node: nothing to trace.
            h.workloads.create(kprobeOver("legacy-all", Pick.All, "legacy"));
            TraceJob allLegacy = h.awaitPhase("legacy-all", Phase.Failed);
            assertThat(condition(allLegacy, ConditionTypes.FAILED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(allLegacy.getStatus().getMessage())
                    .startsWith("no agent for legacy-x on node " + OLD);
            assertThat(startedFor(h, "legacy-all")).isEmpty();
        }
    }

    @Test
    void preTraceAgentsTeachTheMemoryAndNoPreTraceStartsOnAKnownNode() {
        try (Harness h = shopOnBothNodes()) {
            // Slowest by probe (the default): shop-a's pre-trace agent exits 3, the others are
            // measured.
            TraceJob probe = h.workloads.create(kprobeOver("probe", Pick.Slowest, "shop"));
            TraceJob done = h.awaitPhase("probe", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getPod()).isEqualTo("shop-c");
            assertThat(done.getStatus().getTarget().getSelectedBy())
                    .contains(
                            "not measured: shop-a: NodeLacksCapability node "
                                    + OLD
                                    + " cannot run this probe");
            String preTraceAgent = AgentPodFactory.podName(probe, AgentRole.PRETRACE, "shop-a");
            assertThat(startedFor(h, "probe")).contains(preTraceAgent);

            // What the pre-trace agent said is remembered.
            h.workloads.create(kprobeOn("direct", "shop-a"));
            TraceJob direct = h.awaitPhase("direct", Phase.Failed);
            assertThat(direct.getStatus().getMessage())
                    .contains("agent pod " + preTraceAgent + " said so at");
            assertThat(startedFor(h, "direct")).isEmpty();

            // The next pre-trace skips that node.
            TraceJob again = h.workloads.create(kprobeOver("again", Pick.Slowest, "shop"));
            TraceJob doneAgain = h.awaitPhase("again", Phase.Succeeded);
            assertThat(doneAgain.getStatus().getTarget().getPod()).isEqualTo("shop-c");
            assertThat(doneAgain.getStatus().getTarget().getSelectedBy())
                    .contains(
                            "not measured: shop-a: NodeLacksCapability node "
                                    + OLD
                                    + " lacks Kprobe (learned from agent pod "
                                    + preTraceAgent
                                    + ")");
            assertThat(startedFor(h, "again"))
                    .doesNotContain(AgentPodFactory.podName(again, AgentRole.PRETRACE, "shop-a"))
                    .contains(AgentPodFactory.podName(again, AgentRole.PRETRACE, "shop-b"));

            // Every candidate on such a node: the job fails without a pre-trace.
            h.workloads.targetPod(NS, "legacy-y", OLD, Map.of("app", "legacy"));
            h.workloads.create(kprobeOver("none-left", Pick.Slowest, "legacy"));
            TraceJob noneLeft = h.awaitPhase("none-left", Phase.Failed);
            assertThat(condition(noneLeft, ConditionTypes.FAILED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(noneLeft.getStatus().getMessage())
                    .startsWith("no pre-trace agent for 2 pods: node " + OLD + " lacks");
            assertThat(startedFor(h, "none-left")).isEmpty();
        }
    }

    @Test
    void pickAnyPassesOverPodsOnAKnownNodeWhileAnotherIsLeft() {
        try (Harness h = shopOnBothNodes()) {
            h.workloads.create(kprobeOn("teach", "legacy-x"));
            h.awaitPhase("teach", Phase.Failed);

            // shop-a comes first by name, but its node is known to lack kprobes: shop-b is traced
            // instead.
            TraceJob any = h.workloads.create(kprobeOver("any", Pick.Any, "shop"));
            TraceJob done = h.awaitPhase("any", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getPod()).isEqualTo("shop-b");
            assertThat(done.getStatus().getTarget().getSelectedBy())
                    .endsWith("; passed over 1 pod on nodes known to lack Kprobe: shop-a");
            assertThat(startedFor(h, "any"))
                    .containsExactly(AgentPodFactory.podName(any, AgentRole.TRACE, "shop-b"));

            // Only such pods: the job fails saying why, without an agent.
            h.workloads.create(kprobeOver("any-legacy", Pick.Any, "legacy"));
            TraceJob failed = h.awaitPhase("any-legacy", Phase.Failed);
            assertThat(condition(failed, ConditionTypes.FAILED).getReason())
                    .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY);
            assertThat(failed.getStatus().getMessage())
                    .startsWith("no agent for legacy-x on node " + OLD);
            assertThat(startedFor(h, "any-legacy")).isEmpty();
        }
    }
}
