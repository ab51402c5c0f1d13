package io.tracejob.agent.cli;

import io.tracejob.agent.bpftrace.BpftraceCapabilities;
import io.tracejob.agent.bpftrace.BpftraceProgram;
import io.tracejob.agent.bpftrace.BpftraceRunner;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;

/**
 * Kprobe and Kfunc go through bpftrace, the field's standard tool, with a program rendered only from
 * validated tokens. The node's capabilities are checked first, so a node without kprobes or fentry says so
 * — naming itself, the family and the next rung of the ladder — instead of failing inside bpftrace.
 */
final class KernelFamilyTrace {
    private KernelFamilyTrace() {}

    static boolean applies(TraceOptions opts) {
        ProbeFamily f = opts.spec().getProbe().getFamily();
        return f == ProbeFamily.Kprobe || f == ProbeFamily.Kfunc;
    }

    /** @param pid the process whose calls count (kernel functions run in its context), or null for all */
    static Result run(TraceOptions opts, Integer pid, Runnable onAttached, StopSignal stop) throws Exception {
        BpftraceCapabilities caps = BpftraceCapabilities.detect();
        caps.require(opts.spec().getProbe().getFamily());
        BpftraceProgram program = BpftraceProgram.latency(opts.spec().getProbe(), pid,
                HdrLayout.latency(opts.spec().getHistogram().getSignificantDigits()), opts.duration());
        return new BpftraceRunner(program, stop)
                .executable(caps.bpftrace().orElseThrow())
                .onAttached(onAttached == null ? () -> {} : onAttached)
                .log(System.out::println)
                .budgetCpuPercent(opts.spec().getOverheadBudget().getMaxCpuPercent())
                .run();
    }
}
