package io.tracejob.agent.cli;

import io.tracejob.agent.launch.HeldCommand;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.proc.Procs;
import io.tracejob.agent.report.HgrmWriter;
import io.tracejob.agent.safety.ReturnProbeSafety;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.agent.trace.TraceRequest;
import io.tracejob.agent.trace.Tracer;
import io.tracejob.api.v1alpha1.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Shared by {@code run} and {@code demo}: resolve, trace, report. */
final class TraceRunner {
    private TraceRunner() {}

    static int tracePid(TraceOptions opts, int pid) throws Exception {
        ProcessId id = ProcessId.current(pid);
        if (id == null) throw new BadInputException("--pid: no such process: " + pid);
        if (KernelFamilyTrace.applies(opts)) return report(opts, KernelFamilyTrace.run(opts, pid, null, new StopSignal().installHandlers()));
        ProbePlan plan = ProbePlanner.plan(opts.spec().getProbe(), Path.of("/proc", Integer.toString(pid), "root"));
        Result r = trace(opts, plan, id, null);
        return report(opts, r);
    }

    static int traceCommand(TraceOptions opts, List<String> command) throws Exception {
        // Resolve before starting anything, so bad input never leaves a held process behind.
        boolean kernel = KernelFamilyTrace.applies(opts);
        ProbePlan plan = kernel ? null : ProbePlanner.plan(opts.spec().getProbe(), Path.of("/"));
        HeldCommand held = HeldCommand.start(command);
        Result r;
        try {
            r = kernel ? KernelFamilyTrace.run(opts, held.id().pid(), held::release, new StopSignal().installHandlers())
                    : trace(opts, plan, held.id(), held::release);
        } finally {
            held.release(); // harmless when already running; never leave it stopped
            held.stop(5);
        }
        return report(opts, r);
    }

    private static Result trace(TraceOptions opts, ProbePlan plan, ProcessId root, Runnable onAttached) throws Exception {
        return trace(opts, plan, List.of(root), onAttached, null, new StopSignal().installHandlers());
    }

    static Result trace(TraceOptions opts, ProbePlan plan, List<ProcessId> roots, Runnable onAttached,
            Supplier<List<Integer>> rescan, StopSignal stop) throws Exception {
        refuseHarmfulReturnProbes(plan, roots);
        var budget = opts.spec().getOverheadBudget();
        TraceRequest req = new TraceRequest(plan, roots, opts.duration(), opts.interval(),
                opts.spec().getHistogram().getSignificantDigits(), budget.getMaxCpuPercent(), budget.getOnExceed(),
                System.out, stop, onAttached, rescan, opts.costs(plan), opts.following());
        return new Tracer(req).run();
    }

    /** Before any program or perf event exists: a return probe must not kill a seccomp-filtered target. */
    private static void refuseHarmfulReturnProbes(ProbePlan plan, List<ProcessId> roots) throws Exception {
        Set<Integer> pids = new LinkedHashSet<>();
        for (ProcessId root : roots) {
            pids.add(root.pid());
            pids.addAll(Procs.descendants(root.pid()));
        }
        for (String fact : ReturnProbeSafety.ofNode().requireSafe(plan, pids)) System.out.println(fact);
    }

    static int report(TraceOptions opts, Result r) throws IOException {
        PrintStream out = System.out;
        out.println();
        out.print(SummaryTable.render(r));
        out.flush();
        if (opts.json() != null) {
            Files.writeString(opts.json(), r.toJson(), StandardCharsets.UTF_8);
            out.println("Result JSON: " + opts.json());
        }
        if (opts.hgrm() != null && r.getHistogram() != null) {
            HgrmWriter.write(r.decodeHistogram(), opts.hgrm());
            out.println("Percentile distribution: " + opts.hgrm());
        }
        return ExitCodes.OK;
    }
}
