package io.tracejob.operator.reconciler;

import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.guards.NodeCapabilityMemory;
import io.tracejob.operator.guards.NodeSlots;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the operator keeps in memory between passes, rebuilt from the cluster when it starts (a
 * restart, or a new leader): the node queues from the TraceJobs' {@code status.queuedOn} and the
 * nodes known to lack a probe family from their {@code status.nodeGaps}. Done once, before the
 * first pass decides anything: JOSDK starts passes only after the informer cache has synced, and a
 * pass that arrives during the rebuild waits for it.
 */
final class MemoryRebuild {
    private final NodeSlots slots;
    private final NodeCapabilityMemory capabilities;
    private volatile boolean done;

    MemoryRebuild(NodeSlots slots, NodeCapabilityMemory capabilities) {
        this.slots = slots;
        this.capabilities = capabilities;
    }

    /** Rebuilds from {@code cachedJobs} unless done already. */
    void ensure(Supplier<List<TraceJob>> cachedJobs) {
        if (done) return;
        synchronized (this) {
            if (done) return;
            List<TraceJob> jobs = cachedJobs.get();
            slots.restore(jobs);
            capabilities.restore(jobs);
            done = true;
        }
    }
}
