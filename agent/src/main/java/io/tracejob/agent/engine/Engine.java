package io.tracejob.agent.engine;

import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.api.v1alpha1.Result;

/**
 * One way of running a TraceJob's probe: the native eBPF engine or bpftrace. {@link
 * Engines#forFamily} picks one per probe family, once; the commands only parse, hand over and
 * report.
 */
public interface Engine {
    /**
     * Everything that can be checked before a target process is started or held: the probe against
     * the target's files and against this node. Bad input, and a family this node cannot run, fail
     * here and leave nothing behind.
     *
     * @param binaries where {@code spec.probe.binary} is as this agent can open it (unused by
     *     kernel families)
     */
    PreparedTrace prepare(TraceSettings settings, ProbePlanner.BinaryLocator binaries)
            throws Exception;

    /** A trace checked and resolved, ready to attach to its targets. */
    @FunctionalInterface
    interface PreparedTrace {
        /**
         * Traces until the duration ends, the targets exit or the stop signal fires; a partial
         * trace still returns.
         */
        Result run(TraceTargets targets) throws Exception;
    }
}
