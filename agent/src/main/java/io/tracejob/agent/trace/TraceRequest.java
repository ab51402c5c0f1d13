package io.tracejob.agent.trace;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.api.v1alpha1.OnExceed;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything one trace needs, validated.
 *
 * @param roots the processes to trace; their descendants, also those forked later, are traced too
 * @param onAttached run once every probe is attached (e.g. to let a command held before exec go on)
 * @param rescan optional: lists the target's processes again (a container's cgroup), polled every
 *     second, for processes that are not descendants of a root ({@code kubectl exec})
 * @param trapCosts per-firing trap costs by attach class, for the overhead estimate and the budget
 * @param following how uprobes reach the target's processes, or null to choose ({@link
 *     FollowingChoice})
 * @param returnProbeGate asked before return probes go into a process met after the start (null:
 *     {@link ReturnProbeGate#NONE})
 */
public record TraceRequest(
        ProbePlan plan,
        List<ProcessId> roots,
        Duration duration,
        Duration interval,
        int significantDigits,
        double maxCpuPercent,
        OnExceed onExceed,
        PrintStream out,
        StopSignal stop,
        Runnable onAttached,
        Supplier<List<Integer>> rescan,
        TrapCosts trapCosts,
        Following following,
        ReturnProbeGate returnProbeGate) {

    public TraceRequest {
        if (roots.isEmpty()) throw new IllegalArgumentException("no process to trace");
        roots = List.copyOf(roots);
        if (returnProbeGate == null) returnProbeGate = ReturnProbeGate.NONE;
    }

    /** Following chosen by the agent ({@link FollowingChoice}); no return-probe gate. */
    public TraceRequest(
            ProbePlan plan,
            List<ProcessId> roots,
            Duration duration,
            Duration interval,
            int significantDigits,
            double maxCpuPercent,
            OnExceed onExceed,
            PrintStream out,
            StopSignal stop,
            Runnable onAttached,
            Supplier<List<Integer>> rescan,
            TrapCosts trapCosts) {
        this(
                plan,
                roots,
                duration,
                interval,
                significantDigits,
                maxCpuPercent,
                onExceed,
                out,
                stop,
                onAttached,
                rescan,
                trapCosts,
                null,
                ReturnProbeGate.NONE);
    }

    /** The first root, named in messages. */
    public ProcessId root() {
        return roots.get(0);
    }
}
