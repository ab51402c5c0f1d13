package io.tracejob.operator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.operator.selection.TargetPolicies.GapCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetPoliciesTest {
    private static final PodTarget A1 = target("shop-a", "node-1");
    private static final PodTarget B1 = target("shop-b", "node-1");
    private static final PodTarget C2 = target("shop-c", "node-2");

    private static PodTarget target(String pod, String node) {
        return new PodTarget(pod, "shop", node, pod + "-uid", "app", "containerd://" + pod);
    }

    private static Selection all(PodTarget... targets) {
        return new Selection(List.of(targets), List.of(), "every matching pod");
    }

    private static Set<PodTarget> lacking(PodTarget... targets) {
        return new LinkedHashSet<>(List.of(targets));
    }

    @Test
    void noKnownGapKeepsTheSelectionAsItIs() {
        Selection s = all(A1, C2);
        GapCheck check =
                TargetPolicies.withoutKnownGaps(
                        s, Pick.All, ProbeFamily.Uprobe, Set.of(), () -> "unused");
        assertThat(check).isEqualTo(new GapCheck.AllTraceable(s));
    }

    @Test
    void pickAllLeavesOutPodsOnLackingNodesAndNamesThem() {
        GapCheck check =
                TargetPolicies.withoutKnownGaps(
                        all(A1, B1, C2),
                        Pick.All,
                        ProbeFamily.Uprobe,
                        lacking(A1, B1),
                        () -> "node node-1 lacks uprobes");
        assertThat(check).isInstanceOf(GapCheck.Skipped.class);
        GapCheck.Skipped skipped = (GapCheck.Skipped) check;
        assertThat(skipped.selection().targets()).containsExactly(C2);
        assertThat(skipped.selection().selectedBy())
                .isEqualTo(
                        "every matching pod; 2 left out: shop-a on node node-1, "
                                + "shop-b on node node-1 (node lacks Uprobe)");
        assertThat(skipped.message())
                .isEqualTo(
                        "no agent for shop-a on node node-1, shop-b on node node-1: "
                                + "node node-1 lacks uprobes");
    }

    @Test
    void pickAllWithEveryPodOnLackingNodesCannotBeTraced() {
        GapCheck check =
                TargetPolicies.withoutKnownGaps(
                        all(A1, B1),
                        Pick.All,
                        ProbeFamily.Uprobe,
                        lacking(A1, B1),
                        () -> "node node-1 lacks uprobes");
        assertThat(check)
                .isEqualTo(
                        new GapCheck.Untraceable(
                                "no agent for shop-a on node node-1, shop-b on node "
                                        + "node-1: node node-1 lacks uprobes"));
    }

    @Test
    void aSingleChosenPodOnALackingNodeCannotBeTracedWhateverElseMatched() {
        // Slowest chose shop-a: tracing another pod instead would answer another question
        Selection slowest = new Selection(List.of(A1), List.of(), "highest p99");
        GapCheck check =
                TargetPolicies.withoutKnownGaps(
                        slowest,
                        Pick.Slowest,
                        ProbeFamily.Usdt,
                        lacking(A1),
                        () -> "node node-1 lacks USDT");
        assertThat(check).isInstanceOf(GapCheck.Untraceable.class);
    }

    @Test
    void withinTheNodeLimitNothingIsLeftOut() {
        Selection s = all(A1, B1, C2);
        assertThat(TargetPolicies.withinNodeLimit(s, 2)).isSameAs(s);
    }

    @Test
    void excessPodsOnANodeAreLeftOutLastFirstAndTheSentenceSaysSo() {
        PodTarget d1 = target("shop-d", "node-1");
        Selection limited = TargetPolicies.withinNodeLimit(all(A1, C2, B1, d1), 2);
        assertThat(limited.targets()).containsExactly(A1, C2, B1);
        assertThat(limited.selectedBy())
                .isEqualTo(
                        "every matching pod; 1 left out: the operator runs at most 2 agents per node");
    }

    @Test
    void anyPassesOverPodsOnLackingNodesWhileAnotherIsLeft() throws SelectionException {
        List<List<PodTarget>> offered = new ArrayList<>();
        Selection s =
                TargetPolicies.anyOnACapableNode(
                        List.of(A1, B1, C2),
                        lacking(A1, B1),
                        ProbeFamily.Uprobe,
                        candidates -> {
                            offered.add(candidates);
                            return new Selection(
                                    List.of(candidates.get(0)), List.of(), "any matching pod");
                        });
        assertThat(offered).containsExactly(List.of(C2));
        assertThat(s.targets()).containsExactly(C2);
        assertThat(s.selectedBy())
                .isEqualTo(
                        "any matching pod; passed over 2 pods on nodes known to lack Uprobe: shop-a, shop-b");
    }

    @Test
    void anyWithEveryPodOnLackingNodesPicksFromAllSoTheGapCheckCanSayWhy()
            throws SelectionException {
        List<List<PodTarget>> offered = new ArrayList<>();
        Selection s =
                TargetPolicies.anyOnACapableNode(
                        List.of(A1, B1),
                        lacking(A1, B1),
                        ProbeFamily.Uprobe,
                        candidates -> {
                            offered.add(candidates);
                            return new Selection(
                                    List.of(candidates.get(0)), List.of(), "any matching pod");
                        });
        assertThat(offered).containsExactly(List.of(A1, B1));
        assertThat(s.selectedBy()).isEqualTo("any matching pod");
    }

    @Test
    void reMadeSelectionOfTheSamePodKeepsThePreTraceRanking() {
        TargetStatus before =
                status(
                        "shop-a",
                        "highest p99 in a 10s pre-trace",
                        List.of(candidate("shop-a", 9.0)));
        TargetStatus now = status("shop-a", "kept after a wait", null);
        TargetStatus merged = TargetPolicies.mergeCandidates(before, now);
        assertThat(merged.getCandidates()).isEqualTo(before.getCandidates());
        assertThat(merged.getSelectedBy()).isEqualTo("highest p99 in a 10s pre-trace");
        assertThat(now.getCandidates()).as("the argument is not changed").isNull();
    }

    @Test
    void anotherPodOrANewRankingIsNotMergedWithTheOldOne() {
        TargetStatus before = status("shop-a", "highest p99", List.of(candidate("shop-a", 9.0)));
        TargetStatus otherPod = status("shop-b", "reselected", null);
        assertThat(TargetPolicies.mergeCandidates(before, otherPod).getCandidates()).isNull();
        TargetStatus ranked = status("shop-a", "ranked again", List.of(candidate("shop-a", 3.0)));
        TargetStatus merged = TargetPolicies.mergeCandidates(before, ranked);
        assertThat(merged.getCandidates()).isEqualTo(ranked.getCandidates());
        assertThat(merged.getSelectedBy()).isEqualTo("ranked again");
        assertThat(TargetPolicies.mergeCandidates(null, otherPod).getSelectedBy())
                .isEqualTo("reselected");
    }

    private static TargetStatus status(String pod, String selectedBy, List<Candidate> candidates) {
        TargetStatus t = new TargetStatus();
        t.setPod(pod);
        t.setPods(List.of(pod));
        t.setNode("node-1");
        t.setSelectedBy(selectedBy);
        t.setCandidates(candidates);
        return t;
    }

    private static Candidate candidate(String pod, double value) {
        Candidate c = new Candidate();
        c.setPod(pod);
        c.setValue(value);
        return c;
    }
}
