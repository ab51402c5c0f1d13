package io.tracejob.operator.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.selection.PreTraceRanking.State;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.testsupport.Results;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PreTraceRankingTest {
    private static final PodTarget A = target("shop-a", "node-1");
    private static final PodTarget B = target("shop-b", "node-1");
    private static final PodTarget C = target("shop-c", "node-2");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private static PodTarget target(String pod, String node) {
        return new PodTarget(pod, "shop", node, pod + "-uid", "app", "containerd://" + pod);
    }

    private static Histogram latencies(long seed, long medianNanos) {
        return Results.latencies(seed, 5_000, medianNanos);
    }

    private static AgentOutcome finished(Histogram h) {
        return new AgentOutcome.Finished(Results.of(h, StopReason.Completed), false, null);
    }

    private static State decide(
            List<PodTarget> candidates,
            Map<String, AgentOutcome> outcomes,
            Map<PodTarget, String> lacking,
            List<String> waiting)
            throws SelectionException {
        return PreTraceRanking.decide(
                candidates,
                outcomes,
                lacking,
                waiting,
                TEN_SECONDS,
                ProbeFamily.Uprobe,
                () -> "node node-1 lacks uprobes");
    }

    @Test
    void thePodWithTheHighestMeasuredP99Wins() throws SelectionException {
        Histogram fast = latencies(1, 10_000);
        Histogram slow = latencies(2, 900_000);
        State s =
                decide(
                        List.of(A, B, C),
                        Map.of(
                                "shop-a",
                                finished(fast),
                                "shop-b",
                                finished(slow),
                                "shop-c",
                                finished(latencies(3, 50_000))),
                        Map.of(),
                        List.of());
        assertThat(s).isInstanceOf(State.Ranked.class);
        Selection chosen = ((State.Ranked) s).selection();
        assertThat(chosen.targets()).containsExactly(B);
        assertThat(chosen.ranked().get(0).getValue())
                .isEqualTo((double) slow.getValueAtPercentile(99));
        assertThat(chosen.selectedBy())
                .startsWith("highest p99 in a 10s pre-trace: ")
                .endsWith(" of 3 pods");
    }

    @Test
    void whileAnAgentRunsOrWaitsTheRankingWaitsAndSaysHowFarItGot() throws SelectionException {
        State s =
                decide(
                        List.of(A, B, C),
                        Map.of(
                                "shop-a",
                                finished(latencies(1, 10_000)),
                                "shop-b",
                                new AgentOutcome.InProgress("Running")),
                        Map.of(),
                        List.of("shop-c (node node-2 is busy)"));
        assertThat(s)
                .isEqualTo(
                        new State.Measuring(
                                "pre-tracing 3 pods for 10s: 1 done, 1 running, "
                                        + "waiting for a node slot: shop-c (node node-2 is busy)",
                                1,
                                1));
    }

    @Test
    void podsThatFailedOrMeasuredNothingAreNamedBesideTheWinner() throws SelectionException {
        State s =
                decide(
                        List.of(A, B, C),
                        Map.of(
                                "shop-a",
                                finished(latencies(1, 10_000)),
                                "shop-b",
                                new AgentOutcome.Failed("AgentOOMKilled", "out of memory"),
                                "shop-c",
                                new AgentOutcome.Finished(new Result(), false, null)),
                        Map.of(),
                        List.of());
        Selection chosen = ((State.Ranked) s).selection();
        assertThat(chosen.targets()).containsExactly(A);
        assertThat(chosen.selectedBy())
                .endsWith(
                        "; not measured: shop-b: AgentOOMKilled out of memory; "
                                + "shop-c: no calls in 10s");
    }

    @Test
    void aPodOnALackingNodeGetsNoAgentAndIsNamedWithTheAgentThatTaughtIt()
            throws SelectionException {
        State s =
                decide(
                        List.of(A, C),
                        Map.of("shop-c", finished(latencies(1, 10_000))),
                        Map.of(A, "tj-pretrace-old"),
                        List.of());
        assertThat(((State.Ranked) s).selection().selectedBy())
                .endsWith(
                        "; not measured: shop-a: NodeLacksCapability "
                                + "node node-1 lacks Uprobe (learned from agent pod tj-pretrace-old)");
    }

    @Test
    void everyCandidateOnALackingNodeFailsWithNodeLacksCapability() {
        assertThatThrownBy(
                        () -> decide(List.of(A, B), Map.of(), Map.of(A, "p1", B, "p1"), List.of()))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventReason.NODE_LACKS_CAPABILITY))
                .hasMessage("no pre-trace agent for 2 pods: node node-1 lacks uprobes");
    }

    @Test
    void nothingMeasuredFailsWithEveryPodsReason() {
        assertThatThrownBy(
                        () ->
                                decide(
                                        List.of(A, B),
                                        Map.of(
                                                "shop-a",
                                                new AgentOutcome.Failed("AgentEvicted", "evicted"),
                                                "shop-b",
                                                new AgentOutcome.Finished(
                                                        new Result(), false, null)),
                                        Map.of(),
                                        List.of()))
                .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventReason.PRE_TRACE_FAILED))
                .hasMessage(
                        "no pre-trace measured anything: shop-a: AgentEvicted evicted; shop-b: no calls in 10s");
    }
}
