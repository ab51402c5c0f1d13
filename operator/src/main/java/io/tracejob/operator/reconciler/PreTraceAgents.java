package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.completion.AgentOutcome;
import io.tracejob.operator.completion.OutcomeReader;
import io.tracejob.operator.guards.Guards;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.QueueTicket;
import io.tracejob.operator.selection.CpuPicker;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.PreTraceField;
import io.tracejob.operator.selection.PreTraceRanking;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.selection.SelectionException;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pick Slowest by probe, the agents: a pre-trace agent per candidate (in parallel, within the
 * per-node limit), none on a node known to lack the probe family; what they say of their nodes is
 * remembered. The choice itself is {@link PreTraceRanking}'s.
 */
final class PreTraceAgents {
    private final AgentPods agents;
    private final AgentPodFactory factory;
    private final NodeSlots slots;
    private final NodeCapabilityMemory capabilities;
    private final StatusRecorder recorder;
    private final CpuPicker cpu;
    private final int clusterLimit;

    PreTraceAgents(
            AgentPods agents,
            AgentPodFactory factory,
            NodeSlots slots,
            NodeCapabilityMemory capabilities,
            StatusRecorder recorder,
            CpuPicker cpu,
            int clusterLimit) {
        this.agents = agents;
        this.factory = factory;
        this.slots = slots;
        this.capabilities = capabilities;
        this.recorder = recorder;
        this.cpu = cpu;
        this.clusterLimit = clusterLimit;
    }

    /**
     * The selection once every pre-trace is done; empty while some still run or wait (the condition
     * says which).
     */
    Optional<Selection> step(TraceJob job, List<PodTarget> eligible) throws SelectionException {
        if (eligible.size() == 1) {
            return Optional.of(
                    new Selection(
                            eligible, List.of(), "the only eligible pod; no pre-trace needed"));
        }
        PreTraceField.Field field = field(job, eligible);
        List<PodTarget> candidates = field.measured();
        Duration d = Guards.preTraceDuration(job);
        ProbeFamily family = job.getSpec().getProbe().getFamily();
        Map<PodTarget, NodeCapabilityMemory.Gap> gaps = capabilities.gaps(candidates, family);
        List<String> waiting = new ArrayList<>();
        Map<String, Pod> byTarget = startMissing(job, candidates, gaps, d, waiting);
        Map<String, AgentOutcome> outcomes = new HashMap<>();
        for (PodTarget c : candidates) {
            Pod p = byTarget.get(c.pod());
            if (p == null) continue;
            if (agents.cached(p.getMetadata().getName())) slots.release(p.getMetadata().getName());
            AgentOutcome o = OutcomeReader.read(p);
            if (o.done()) {
                capabilities
                        .learnFrom(p, family)
                        .ifPresent(
                                g -> recorder.recordNodeGap(job, NodeCapabilityMemory.toStatus(g)));
            }
            outcomes.put(c.pod(), o);
        }
        Map<PodTarget, String> lacking = new LinkedHashMap<>();
        gaps.forEach((target, gap) -> lacking.put(target, gap.agentPod()));
        PreTraceRanking.State state =
                PreTraceRanking.decide(
                        candidates,
                        outcomes,
                        lacking,
                        waiting,
                        d,
                        family,
                        () -> capabilities.explain(gaps.values()));
        if (state instanceof PreTraceRanking.State.Measuring m) {
            if (recorder.setCondition(
                            job,
                            ConditionTypes.SELECTED,
                            false,
                            EventReason.PRE_TRACING,
                            m.message())
                    && m.running() > 0
                    && m.waiting() == 0) {
                recorder.event(job, EventReason.PRE_TRACING, m.message());
            }
            return Optional.empty();
        }
        Selection ranked = ((PreTraceRanking.State.Ranked) state).selection();
        if (field.note().isEmpty()) return Optional.of(ranked);
        return Optional.of(
                new Selection(
                        ranked.targets(),
                        ranked.ranked(),
                        ranked.selectedBy() + "; " + field.note()));
    }

    /**
     * The candidates to pre-trace: all, or at most the job's {@code maxCandidates} (capped by the
     * operator's), narrowed by CPU usage.
     */
    private PreTraceField.Field field(TraceJob job, List<PodTarget> eligible) {
        PreTraceField.Limit limit =
                PreTraceField.limit(job.getSpec().getTarget().getSlowestBy(), clusterLimit);
        if (eligible.size() <= limit.value()) return new PreTraceField.Field(eligible, "");
        Set<String> started = new TreeSet<>();
        for (Pod p : agents.of(job, AgentRole.PRETRACE))
            started.add(AgentLabels.annotation(p, AgentLabels.TARGET_POD));
        Map<String, Double> cores;
        String problem = null;
        try {
            cores = cpu.usage(job, eligible).coresByPod();
            if (cores.isEmpty()) problem = "metrics.k8s.io has no CPU usage for these pods";
        } catch (SelectionException e) {
            cores = Map.of();
            problem = e.getMessage();
        }
        return PreTraceField.narrow(eligible, started, cores, problem, limit);
    }

    /**
     * The pre-trace agent of each candidate by target pod, starting those not there yet where the
     * node has a slot; a candidate left waiting is added to {@code waiting} with why.
     */
    private Map<String, Pod> startMissing(
            TraceJob job,
            List<PodTarget> candidates,
            Map<PodTarget, NodeCapabilityMemory.Gap> gaps,
            Duration d,
            List<String> waiting) {
        Map<String, Pod> byTarget = new HashMap<>();
        for (Pod p : agents.of(job, AgentRole.PRETRACE))
            byTarget.put(AgentLabels.annotation(p, AgentLabels.TARGET_POD), p);
        List<PodTarget> missing =
                candidates.stream()
                        .filter(c -> !byTarget.containsKey(c.pod()) && !gaps.containsKey(c))
                        .toList();
        List<NodeSlots.Decision> decisions =
                slots.tryAdmitEach(
                        QueueTicket.of(job),
                        missing.stream()
                                .map(
                                        c ->
                                                Map.entry(
                                                        c.node(),
                                                        AgentPodFactory.podName(
                                                                job, AgentRole.PRETRACE, c.pod())))
                                .toList(),
                        agents::activeOn);
        Set<String> queuedOn = new TreeSet<>();
        for (int i = 0; i < missing.size(); i++) {
            PodTarget c = missing.get(i);
            NodeSlots.Decision decision = decisions.get(i);
            if (decision.admitted()) {
                byTarget.put(c.pod(), agents.create(factory.build(job, AgentRole.PRETRACE, c, d)));
            } else {
                waiting.add(c.pod() + " (" + decision.message() + ")");
                queuedOn.addAll(decision.queuedOn());
            }
        }
        recorder.queuedOn(job, List.copyOf(queuedOn));
        return byTarget;
    }
}
