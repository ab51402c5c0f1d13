package io.tracejob.agent.trace;

import io.tracejob.agent.probe.Site;
import java.util.Collection;

/**
 * Asked before return probes go into a process the trace meets after it started (a fork, a {@code
 * kubectl exec}): on some kernels a return probe kills a seccomp-filtered process. The node's
 * answer lives in {@code safety}, which itself runs a trace to find it; passing the answer in keeps
 * {@code trace} free of that policy (and of the cycle).
 */
@FunctionalInterface
public interface ReturnProbeGate {
    /**
     * For traces of processes that cannot be seccomp-filtered: the agent's own trials and
     * calibration targets.
     */
    ReturnProbeGate NONE = (sites, pid) -> {};

    /** Throws when return probes in {@code sites} could kill process {@code pid}. */
    void requireSafe(Collection<Site> sites, int pid) throws ReturnProbeRefusedException;
}
