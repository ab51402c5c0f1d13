package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.guards.Guards;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.selection.Plural;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Ranking;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.selection.SelectionException;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.StatusRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pick Slowest by probe: every candidate is traced with the job's own probe for a short while (agents in
 * parallel, within the per-node limit); the pod with the highest measured p99 is then traced in full.
 * The function itself decides, not a proxy metric. A candidate on a node known to lack the probe family gets no
 * pre-trace agent (it is not measured), and what pre-trace agents say of their nodes is remembered.
 */
final class PreTrace {
    private final AgentPods agents;
    private final AgentPodFactory factory;
    private final NodeSlots slots;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;

    PreTrace(AgentPods agents, AgentPodFactory factory, NodeSlots slots, NodeCapabilityMemory capabilities,
             StatusRecorder recorder) {
        this.agents = agents;
        this.factory = factory;
        this.slots = slots;
        this.capabilities = capabilities;
        this.recorder = recorder;
    }

    /** The selection once every pre-trace is done; empty while some still run or wait (the condition says which). */
    Optional<Selection> step(TraceJob job, List<PodTarget> candidates, NodeSlots.Ticket ticket) throws SelectionException {
        if (candidates.size() == 1) {
            return Optional.of(new Selection(candidates, List.of(), "the only eligible pod; no pre-trace needed"));
        }
        Duration d = Guards.preTraceDuration(job);
        Map<String, Pod> byTarget = new HashMap<>();
        for (Pod p : agents.of(job, AgentRole.PRETRACE)) byTarget.put(AgentLabels.annotation(p, AgentLabels.TARGET_POD), p);

        ProbeFamily family = job.getSpec().getProbe().getFamily();
        Map<PodTarget, NodeCapabilityMemory.Gap> gaps = capabilities.gaps(candidates, family);
        List<String> waiting = new ArrayList<>();
        for (PodTarget c : candidates) {
            if (byTarget.containsKey(c.pod()) || gaps.containsKey(c)) continue;
            String name = AgentPodFactory.podName(job, AgentRole.PRETRACE, c.pod());
            NodeSlots.Decision decision = slots.tryAdmit(ticket, Map.of(c.node(), List.of(name)), agents::activeOn);
            if (decision.admitted()) {
                byTarget.put(c.pod(), agents.create(factory.build(job, AgentRole.PRETRACE, c, d)));
            } else {
                waiting.add(c.pod() + " (" + decision.message() + ")");
            }
        }
        Map<String, Double> p99 = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int running = 0;
        for (PodTarget c : candidates) {
            Pod p = byTarget.get(c.pod());
            if (p == null) {
                if (gaps.containsKey(c)) failures.add(c.pod() + ": " + FailureReasons.NODE_LACKS_CAPABILITY + " node "
                        + c.node() + " lacks " + family + " (learned from agent pod " + gaps.get(c).agentPod() + ")");
                continue;
            }
            if (agents.cached(p.getMetadata().getName())) slots.release(p.getMetadata().getName());
            AgentOutcome o = OutcomeReader.read(p);
            if (o.done()) capabilities.learnFrom(p, family);
            if (o instanceof AgentOutcome.Finished f) {
                Result r = f.result();
                if (r.getCount() > 0 && r.getPercentiles() != null) p99.put(c.pod(), (double) r.getPercentiles().getP99());
                else failures.add(c.pod() + ": no calls in " + KubeDuration.format(d));
            } else if (o instanceof AgentOutcome.Failed f) {
                failures.add(c.pod() + ": " + f.reason() + " " + f.message());
            } else {
                running++;
            }
        }
        if (running > 0 || !waiting.isEmpty()) {
            String msg = "pre-tracing " + Plural.pods(candidates.size()) + " for " + KubeDuration.format(d) + ": "
                    + (candidates.size() - running - waiting.size()) + " done, " + running + " running"
                    + (waiting.isEmpty() ? "" : ", waiting for a node slot: " + String.join("; ", waiting));
            if (recorder.setCondition(job, ConditionTypes.SELECTED, false, "PreTracing", msg) && running > 0
                    && waiting.isEmpty()) {
                recorder.event(job, "PreTracing", msg);
            }
            return Optional.empty();
        }
        if (p99.isEmpty() && gaps.size() == candidates.size()) {
            throw new SelectionException(FailureReasons.NODE_LACKS_CAPABILITY, "no pre-trace agent for "
                    + Plural.pods(candidates.size()) + ": " + capabilities.explain(gaps.values()));
        }
        if (p99.isEmpty()) {
            throw new SelectionException("PreTraceFailed", "no pre-trace measured anything: " + String.join("; ", failures));
        }
        Selection s = Ranking.highest(candidates, p99, (winner, value, of) -> "highest p99 in a "
                + KubeDuration.format(d) + " pre-trace: " + HumanDuration.format((long) value) + " of " + Plural.pods(of));
        if (!failures.isEmpty()) {
            s = new Selection(s.targets(), s.ranked(), s.selectedBy() + "; not measured: " + String.join("; ", failures));
        }
        return Optional.of(s);
    }
}
