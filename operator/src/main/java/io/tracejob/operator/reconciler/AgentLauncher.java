package io.tracejob.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.QueueTicket;
import io.tracejob.operator.metrics.OperatorMetrics;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.selection.Selection;
import io.tracejob.operator.status.ConditionTypes;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.StatusRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the trace agents of a selection once every node involved has a free slot, and moves to
 * Running.
 */
final class AgentLauncher {
    private final OperatorConfig config;
    private final AgentPods agents;
    private final AgentPodFactory factory;
    private final NodeSlots slots;
    private final StatusRecorder recorder;
    private final OperatorMetrics metrics;

    AgentLauncher(
            OperatorConfig config,
            AgentPods agents,
            AgentPodFactory factory,
            NodeSlots slots,
            StatusRecorder recorder,
            OperatorMetrics metrics) {
        this.config = config;
        this.agents = agents;
        this.factory = factory;
        this.slots = slots;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    Next start(TraceJob job, Selection selection) {
        Map<String, List<String>> needed = new LinkedHashMap<>();
        for (PodTarget t : selection.targets()) {
            needed.computeIfAbsent(t.node(), n -> new ArrayList<>())
                    .add(AgentPodFactory.podName(job, AgentRole.TRACE, t.pod()));
        }
        NodeSlots.Decision d = slots.tryAdmit(QueueTicket.of(job), needed, agents::activeOn);
        if (!d.admitted()) {
            String message = "waiting for an agent slot: " + d.message();
            if (recorder.waitForSlots(job, d.queuedOn(), EventReason.NODE_BUSY, message)) {
                recorder.event(job, EventReason.WAITING, message);
            }
            return Next.after(config.waitRecheck());
        }
        List<String> names = create(job, selection, needed);
        recorder.recordAgents(job, names, recorder.now());
        recorder.slotsGranted(job, EventReason.ADMITTED, "agent slots free");
        recorder.moveTo(
                job,
                Phase.Running,
                ConditionTypes.RUNNING,
                EventReason.AGENTS_STARTED,
                "tracing "
                        + selection.targets().stream()
                                .map(t -> t.pod() + " on node " + t.node())
                                .toList()
                        + " for "
                        + job.getSpec().getDuration()
                        + " with agent pod"
                        + (names.size() == 1 ? " " : "s ")
                        + String.join(", ", names));
        // Come back even if the node never reports on the pods, to apply the start timeout.
        return Next.after(config.agentStartTimeout().plusMillis(100));
    }

    private List<String> create(
            TraceJob job, Selection selection, Map<String, List<String>> reserved) {
        Duration duration = KubeDuration.parse("spec.duration", job.getSpec().getDuration());
        List<String> names = new ArrayList<>();
        try {
            for (PodTarget t : selection.targets()) {
                Pod created = agents.create(factory.build(job, AgentRole.TRACE, t, duration));
                names.add(created.getMetadata().getName());
                metrics.agentStarted();
            }
        } catch (RuntimeException e) {
            // The slots were reserved for pods that may never exist; give them back before the
            // retry.
            reserved.values().forEach(pods -> pods.forEach(slots::release));
            throw e;
        }
        return names;
    }
}
