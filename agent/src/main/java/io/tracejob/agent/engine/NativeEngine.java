package io.tracejob.agent.engine;

import io.tracejob.agent.calibrate.Sentinel;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.proc.Procs;
import io.tracejob.agent.safety.ReturnProbeSafety;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.TraceRequest;
import io.tracejob.agent.trace.Tracer;
import io.tracejob.agent.trace.TrapCosts;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Uprobe, USDT and tracepoint traces with the agent's own eBPF programs: plan against the files,
 * then trace.
 */
final class NativeEngine implements Engine {
    @Override
    public PreparedTrace prepare(TraceSettings settings, ProbePlanner.BinaryLocator binaries)
            throws Exception {
        ProbePlan plan = ProbePlanner.plan(settings.spec().getProbe(), binaries);
        return targets -> {
            refuseHarmfulReturnProbes(plan, targets.roots());
            var spec = settings.spec();
            var budget = spec.getOverheadBudget();
            TraceRequest req =
                    new TraceRequest(
                            plan,
                            targets.roots(),
                            settings.duration(),
                            settings.interval(),
                            spec.getHistogram().getSignificantDigits(),
                            budget.getMaxCpuPercent(),
                            budget.getOnExceed(),
                            System.out,
                            targets.stop(),
                            targets.onAttached(),
                            targets.rescan(),
                            settings.costs().apply(plan),
                            settings.following(),
                            ReturnProbeSafety.ofNode()::requireSafe);
            Sentinel sentinel =
                    sentinel(plan, req.trapCosts(), Procs.busiestThreadCpu(req.root().pid()));
            try {
                return new Tracer(req, sentinel).run();
            } finally {
                if (sentinel != null) sentinel.close();
            }
        };
    }

    /**
     * A sentinel following this node's cost per firing during the trace, when the figures are this
     * node's own (not a hand-given file or the fallback constants) and {@code
     * -Dtracejob.costSentinel=off} does not turn it off; null, saying why, when it cannot run.
     */
    private static Sentinel sentinel(ProbePlan plan, TrapCosts costs, int firstCpu)
            throws InterruptedException {
        if (!costs.measuredHere() || "off".equals(System.getProperty("tracejob.costSentinel")))
            return null;
        try {
            Sentinel s = Sentinel.start(plan, costs, firstCpu);
            System.out.printf(
                    "cost per firing followed during the trace by the bundled target: %.0f ns now%n",
                    s.nanosPerFiring());
            return s;
        } catch (IOException e) {
            System.out.println(
                    "cost per firing not followed during the trace (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Before any program or perf event exists: a return probe must not kill a seccomp-filtered
     * target.
     */
    private static void refuseHarmfulReturnProbes(ProbePlan plan, List<ProcessId> roots)
            throws Exception {
        Set<Integer> pids = new LinkedHashSet<>();
        for (ProcessId root : roots) {
            pids.add(root.pid());
            pids.addAll(Procs.descendants(root.pid()));
        }
        for (String fact : ReturnProbeSafety.ofNode().requireSafe(plan, pids))
            System.out.println(fact);
    }
}
