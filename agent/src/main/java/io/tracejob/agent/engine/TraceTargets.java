package io.tracejob.agent.engine;

import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whom a trace follows and what drives it.
 *
 * @param roots the processes traced with their descendants; bpftrace filters on the first (kernel
 *     functions run in its context)
 * @param onAttached called once the probes are in (releases a held command), or null
 * @param rescan finds processes that joined the target later (a container's), or null
 * @param stop ends the trace early (SIGTERM/SIGINT, a deleted TraceJob), keeping what was measured
 */
public record TraceTargets(
        List<ProcessId> roots,
        Runnable onAttached,
        Supplier<List<Integer>> rescan,
        StopSignal stop) {
    public TraceTargets {
        roots = List.copyOf(roots);
        if (roots.isEmpty())
            throw new IllegalArgumentException("a trace needs at least one root process");
    }
}
