package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.guards.NodeSlots;
import io.tracejob.operator.guards.QueueTicket;

/**
 * A TraceJob is being deleted: its agent pods go with it, running or not (owner references cannot
 * cross namespaces), and it gives up its place in the node-slot queues and its reserved slots.
 */
final class CleanupHandler {
    private final AgentPods agents;
    private final NodeSlots slots;

    CleanupHandler(AgentPods agents, NodeSlots slots) {
        this.agents = agents;
        this.slots = slots;
    }

    void cleanup(TraceJob job) {
        agents.deleteAllOf(job);
        slots.forget(QueueTicket.of(job));
        // A running job deleted (e.g. replaced by its TraceSchedule) may still hold reservations
        // that no later pass of its own would release: the node's slots would leak.
        if (job.getStatus() != null && job.getStatus().getAgentPods() != null) {
            job.getStatus().getAgentPods().forEach(slots::release);
        }
    }
}
