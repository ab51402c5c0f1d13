package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Candidate;
import io.tracejob.api.v1alpha1.TargetStatus;
import io.tracejob.api.v1alpha1.validation.Rules;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Selection;
import java.util.List;

/** Conversions between chosen targets, {@code status.target} and agent pod annotations. */
final class Targets {
    private Targets() {}

    /** The traced pods in a status: the list, or the comma-joined pod of an older operator. */
    static List<String> pods(TargetStatus t) {
        if (t == null) return List.of();
        if (t.getPods() != null) return t.getPods();
        return t.getPod() == null ? List.of() : List.of(t.getPod().split(","));
    }

    static TargetStatus toStatus(Selection s) {
        TargetStatus t = new TargetStatus();
        List<PodTarget> chosen = s.targets();
        List<String> pods = chosen.stream().map(PodTarget::pod).toList();
        List<String> nodes = chosen.stream().map(PodTarget::node).distinct().toList();
        // one value where there is one (the `kubectl get` column), the lists always
        t.setPods(pods);
        t.setNodes(nodes);
        if (pods.size() == 1) t.setPod(pods.get(0));
        if (nodes.size() == 1) t.setNode(nodes.get(0));
        t.setContainer(chosen.get(0).container());
        if (chosen.size() == 1) t.setContainerID(chosen.get(0).containerId());
        List<Candidate> ranked = s.ranked();
        if (ranked.size() > Rules.CANDIDATES_MAX) {
            // the CRD bounds the list (a status lives in etcd with its object): keep the slowest
            t.setSelectedBy(
                    s.selectedBy()
                            + " (status lists the slowest "
                            + Rules.CANDIDATES_MAX
                            + " of the "
                            + ranked.size()
                            + " ranked pods)");
            ranked = ranked.subList(0, Rules.CANDIDATES_MAX);
        } else {
            t.setSelectedBy(s.selectedBy());
        }
        t.setCandidates(ranked.isEmpty() ? null : List.copyOf(ranked));
        return t;
    }

    /**
     * The target as recorded on the agent pod (after an operator restart, the pod is the record).
     */
    static PodTarget fromAgentPod(Pod agent, String namespace) {
        return new PodTarget(
                AgentLabels.annotation(agent, AgentLabels.TARGET_POD),
                namespace,
                AgentLabels.annotation(agent, AgentLabels.TARGET_NODE),
                null,
                AgentLabels.annotation(agent, AgentLabels.TARGET_CONTAINER),
                AgentLabels.annotation(agent, AgentLabels.TARGET_CONTAINER_ID));
    }
}
