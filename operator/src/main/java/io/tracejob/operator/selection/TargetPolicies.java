package io.tracejob.operator.selection;

import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TargetStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules that trim or adjust a selection before agents start. Pure functions: what the operator
 * knows of nodes (capability gaps, the per-node agent limit) comes in as arguments, nothing is read
 * or written here.
 */
public final class TargetPolicies {
    private TargetPolicies() {}

    /** What {@link #withoutKnownGaps} decided. */
    public sealed interface GapCheck {
        /** Every chosen pod gets an agent. */
        record AllTraceable(Selection selection) implements GapCheck {}

        /**
         * Pick All: the pods on nodes known to lack the family are left out; {@code message} names
         * them.
         */
        record Skipped(Selection selection, String message) implements GapCheck {}

        /**
         * No agent can usefully start: the job fails with NodeLacksCapability and {@code message}.
         */
        record Untraceable(String message) implements GapCheck {}
    }

    /** Chooses among {@code candidates}; the job's picker. */
    @FunctionalInterface
    public interface PickFrom {
        Selection pick(List<PodTarget> candidates) throws SelectionException;
    }

    /**
     * No agent is started on a node known to lack the job's probe family (an agent exited 3 there
     * lately): it would only fail the same way. Pick All traces the other pods and names the
     * skipped ones; Any has passed over such pods already when it could ({@link
     * #anyOnACapableNode}); any other pick, or no pod left, cannot be traced. {@code lacking}: the
     * chosen targets on such nodes, in order; {@code why} says what the nodes lack.
     */
    public static GapCheck withoutKnownGaps(
            Selection s,
            Pick pick,
            ProbeFamily family,
            Set<PodTarget> lacking,
            Supplier<String> why) {
        if (lacking.isEmpty()) return new GapCheck.AllTraceable(s);
        List<String> skipped = lacking.stream().map(t -> t.pod() + " on node " + t.node()).toList();
        String message = "no agent for " + String.join(", ", skipped) + ": " + why.get();
        if (lacking.size() == s.targets().size() || pick != Pick.All)
            return new GapCheck.Untraceable(message);
        List<PodTarget> kept = s.targets().stream().filter(t -> !lacking.contains(t)).toList();
        return new GapCheck.Skipped(
                new Selection(
                        kept,
                        s.ranked(),
                        s.selectedBy()
                                + "; "
                                + skipped.size()
                                + " left out: "
                                + String.join(", ", skipped)
                                + " (node lacks "
                                + family
                                + ")"),
                message);
    }

    /**
     * Pick All may choose more pods on one node than the node may run agents at once; waiting could
     * then never end, so the excess (last in the selection's order) is left out and the sentence
     * says so.
     */
    public static Selection withinNodeLimit(Selection s, int maxAgentsPerNode) {
        Map<String, Integer> perNode = new LinkedHashMap<>();
        List<PodTarget> kept = new ArrayList<>();
        for (PodTarget t : s.targets()) {
            if (perNode.merge(t.node(), 1, Integer::sum) <= maxAgentsPerNode) kept.add(t);
        }
        if (kept.size() == s.targets().size()) return s;
        return new Selection(
                kept,
                s.ranked(),
                s.selectedBy()
                        + "; "
                        + (s.targets().size() - kept.size())
                        + " left out: the operator runs at most "
                        + maxAgentsPerNode
                        + " agents per node");
    }

    /**
     * Pick Any may take any matching pod, so it passes over pods on nodes known to lack the job's
     * family (an agent there would only fail the same way) while another pod is left; with none
     * left it picks from all and {@link #withoutKnownGaps} then says why the job cannot run.
     * Slowest does not do this: tracing the second-slowest pod instead would answer another
     * question. {@code lacking}: the candidates on such nodes.
     */
    public static Selection anyOnACapableNode(
            List<PodTarget> candidates, Set<PodTarget> lacking, ProbeFamily family, PickFrom picker)
            throws SelectionException {
        List<PodTarget> capable = candidates.stream().filter(t -> !lacking.contains(t)).toList();
        if (lacking.isEmpty() || capable.isEmpty()) return picker.pick(candidates);
        Selection s = picker.pick(capable);
        return new Selection(
                s.targets(),
                s.ranked(),
                s.selectedBy()
                        + "; passed over "
                        + Plural.pods(lacking.size())
                        + " on nodes known to lack "
                        + family
                        + ": "
                        + String.join(", ", lacking.stream().map(PodTarget::pod).toList()));
    }

    /**
     * {@code now}, keeping the pre-trace ranking recorded in {@code previous} when the selection is
     * re-made after a wait for the same pod (the re-made one has no ranking of its own). Neither
     * argument is changed.
     */
    public static TargetStatus mergeCandidates(TargetStatus previous, TargetStatus now) {
        TargetStatus merged = copy(now);
        if (now.getCandidates() == null
                && previous != null
                && previous.getCandidates() != null
                && previous.getPods() != null
                && previous.getPods().equals(now.getPods())) {
            merged.setCandidates(previous.getCandidates());
            merged.setSelectedBy(previous.getSelectedBy());
        }
        return merged;
    }

    private static TargetStatus copy(TargetStatus t) {
        TargetStatus c = new TargetStatus();
        c.setPod(t.getPod());
        c.setNode(t.getNode());
        c.setPods(t.getPods());
        c.setNodes(t.getNodes());
        c.setContainer(t.getContainer());
        c.setContainerID(t.getContainerID());
        c.setSelectedBy(t.getSelectedBy());
        c.setCandidates(t.getCandidates());
        return c;
    }
}
