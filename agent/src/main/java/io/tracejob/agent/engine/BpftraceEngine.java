package io.tracejob.agent.engine;

import io.tracejob.agent.bpftrace.BpftraceCapabilities;
import io.tracejob.agent.bpftrace.BpftraceProgram;
import io.tracejob.agent.bpftrace.BpftraceRunner;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlanner;

/**
 * Kprobe and Kfunc traces through bpftrace, with a program rendered only from validated tokens. The
 * node is checked first (the same {@link io.tracejob.agent.capabilities.FamilyChecks} answer {@code
 * capabilities} reports), so a node without kprobes or fentry says so — naming itself, the family
 * and the next rung of the ladder — instead of failing inside bpftrace.
 */
final class BpftraceEngine implements Engine {
    @Override
    public PreparedTrace prepare(TraceSettings settings, ProbePlanner.BinaryLocator binaries)
            throws Exception {
        var spec = settings.spec();
        BpftraceCapabilities caps = BpftraceCapabilities.detect();
        caps.require(spec.getProbe().getFamily());
        return targets -> {
            // kernel functions run in the context of the process that calls them: count the first
            // root's calls
            BpftraceProgram program =
                    BpftraceProgram.latency(
                            spec.getProbe(),
                            targets.roots().get(0).pid(),
                            HdrLayout.latency(spec.getHistogram().getSignificantDigits()),
                            settings.duration());
            return new BpftraceRunner(program, targets.stop())
                    .executable(caps.bpftrace().orElseThrow())
                    .onAttached(targets.onAttached() == null ? () -> {} : targets.onAttached())
                    .log(System.out::println)
                    .budgetCpuPercent(spec.getOverheadBudget().getMaxCpuPercent())
                    .run();
        };
    }
}
