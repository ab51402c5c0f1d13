package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.PodResult;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.StatusRecorder;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-node queues with one agent slot per node: jobs wait in phase Pending, in creation order
 * to the sub-second, through an operator restart; a pick All job waits only where it must.
 */
class NodeQueueTest {
    private static final String RESULT =
            Results.of(Results.latencies(5, 300, 8_000), StopReason.Completed).toJson();

    /** Created in this order, named so that by name the order is the reverse. */
    private static final List<String> CREATION_ORDER = List.of("q-c", "q-b", "q-a");

    private static Harness oneSlotPerNode() {
        return new Harness(p -> Termination.exit(0, RESULT), b -> b.maxAgentsPerNode(1));
    }

    private static Condition waiting(TraceJob j) {
        return StatusRecorder.condition(j, ConditionTypes.WAITING).orElseThrow();
    }

    private static boolean queued(Harness h, String name) {
        TraceJob j = h.job(name);
        return j.getStatus() != null
                && j.getStatus().getPhase() == Phase.Pending
                && StatusRecorder.isTrue(j, ConditionTypes.WAITING);
    }

    private static List<String> startOrder(Harness h) {
        return h.kubelet.started().stream()
                .map(pod -> pod.replaceAll("^tj-(q-[abc]|blocker)-.*$", "$1"))
                .toList();
    }

    @Test
    void sameSecondJobsWaitPendingInCreationOrderAndKeepItThroughARestart() {
        try (Harness h = oneSlotPerNode().startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.jobForPod(NS, "blocker", "shop-a"));
            h.awaitPhase("blocker", Phase.Running);

            // early in a second, so that the three creations share its timestamp
            await().atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> Instant.now().getNano() < 300_000_000);
            for (String n : CREATION_ORDER)
                h.workloads.create(Workloads.jobForPod(NS, n, "shop-a"));
            assertThat(
                            CREATION_ORDER.stream()
                                    .map(n -> h.job(n).getMetadata().getCreationTimestamp())
                                    .distinct())
                    .as("precondition: created within one second")
                    .hasSize(1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> CREATION_ORDER.stream().allMatch(n -> queued(h, n)));

            // persisted: phase Pending, the node waited for, the place in its queue
            for (int i = 0; i < CREATION_ORDER.size(); i++) {
                TraceJob j = h.job(CREATION_ORDER.get(i));
                assertThat(j.getStatus().getQueuedOn()).containsExactly("node-1");
                assertThat(j.getStatus().getFirstSeenTime()).isNotNull();
                assertThat(waiting(j).getReason()).isEqualTo("NodeBusy");
                int place = i + 1;
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(
                                () ->
                                        assertThat(
                                                        waiting(h.job(j.getMetadata().getName()))
                                                                .getMessage())
                                                .contains("node node-1 runs 1 of at most 1 agents")
                                                .contains("(place " + place + " in its queue)"));
            }
            assertThat(h.job("q-c").getStatus().getFirstSeenTime())
                    .isLessThan(h.job("q-b").getStatus().getFirstSeenTime());

            // The operator goes away; meanwhile the blocker's agent ends and frees the slot. The
            // new operator's passes run in parallel and the first may be q-a's: the queue it
            // rebuilt from the statuses must still serve q-c first.
            h.stopOperator();
            h.kubelet.release();
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    h.agentPods().stream()
                                            .allMatch(
                                                    p ->
                                                            "Succeeded"
                                                                    .equals(
                                                                            p.getStatus()
                                                                                    .getPhase())));
            h.startOperator();
            for (String n : CREATION_ORDER) h.awaitPhase(n, Phase.Succeeded);
            assertThat(startOrder(h)).containsExactly("blocker", "q-c", "q-b", "q-a");
            assertThat(h.kubelet.maxActive("node-1")).isEqualTo(1);
            TraceJob last = h.job("q-a");
            assertThat(last.getStatus().getQueuedOn()).isNull();
            assertThat(waiting(last).getStatus()).isEqualTo("False");
        }
    }

    @Test
    void preTraceAgentsBeyondTheNodesSlotQueueWhileTheJobKeepsSelecting() {
        try (Harness h = oneSlotPerNode().startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-1");
            h.workloads.create(Workloads.job(NS, "slowest", Pick.Slowest));
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    h.job("slowest").getStatus() != null
                                            && h.job("slowest").getStatus().getQueuedOn() != null);
            TraceJob measuring = h.job("slowest");
            assertThat(measuring.getStatus().getPhase()).isEqualTo(Phase.Selecting);
            assertThat(measuring.getStatus().getQueuedOn()).containsExactly("node-1");
            assertThat(
                            StatusRecorder.condition(measuring, ConditionTypes.SELECTED)
                                    .orElseThrow()
                                    .getMessage())
                    .contains("1 running, waiting for a node slot: ")
                    .contains("node node-1 runs 1 of at most 1 agents");
            assertThat(h.agentPods()).hasSize(1);

            h.kubelet.release();
            TraceJob done = h.awaitPhase("slowest", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getCandidates()).hasSize(2);
            assertThat(done.getStatus().getQueuedOn()).isNull();
            assertThat(h.kubelet.maxActive("node-1")).isEqualTo(1);
        }
    }

    @Test
    void aPickAllJobWaitingForOneBusyNodeDoesNotHoldItsFreeNode() {
        try (Harness h = oneSlotPerNode().startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.create(Workloads.jobForPod(NS, "blocker", "shop-a"));
            h.awaitPhase("blocker", Phase.Running);

            h.workloads.create(Workloads.job(NS, "all", Pick.All));
            await().atMost(Duration.ofSeconds(20)).until(() -> queued(h, "all"));
            assertThat(h.job("all").getStatus().getQueuedOn()).containsExactly("node-1");

            // newer, on the node the All job is not waiting for: starts at once
            h.workloads.create(Workloads.jobForPod(NS, "later", "shop-b"));
            h.awaitPhase("later", Phase.Running);
            assertThat(h.job("all").getStatus().getPhase()).isEqualTo(Phase.Pending);

            h.kubelet.release();
            TraceJob all = h.awaitPhase("all", Phase.Succeeded);
            assertThat(all.getStatus().getPerPod())
                    .extracting(PodResult::getPod)
                    .containsExactlyInAnyOrder("shop-a", "shop-b");
            h.awaitPhase("later", Phase.Succeeded);
            assertThat(h.kubelet.maxActive("node-1")).isEqualTo(1);
            assertThat(h.kubelet.maxActive("node-2")).isEqualTo(1);
        }
    }
}
