package io.tracejob.agent.capabilities;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.probe.ProbeSpecs;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.proc.ProcMaps;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.TraceSession;
import io.tracejob.api.v1alpha1.Measure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A family checked the way a trace uses it, under this process's own privileges: the trace's maps,
 * programs and attachments are opened on this very process (on a libc function it does not call, or
 * a syscall pair filtered to it) and closed again. So {@code capabilities} cannot say "available"
 * for something a trace is then refused.
 */
final class TrialTrace {
    private TrialTrace() {}

    /**
     * libc's getppid: present in every libc, and not called by the agent while the trial probe is
     * in
     */
    static final String UPROBE_FUNCTION = "getppid";

    static final String TRACEPOINT_START = "syscalls:sys_enter_getppid",
            TRACEPOINT_END = "syscalls:sys_exit_getppid";

    /** Null when a Latency uprobe trace on this process's libc opened, else why not. */
    static String uprobe(List<String> checked) {
        Optional<Path> libc;
        try {
            libc = ProcMaps.findLibrary((int) ProcessHandle.current().pid(), "libc.so");
        } catch (IOException e) {
            return refused("uprobe", "cannot read this process's maps: " + e.getMessage(), checked);
        }
        if (libc.isEmpty())
            return refused("uprobe", "this process maps no libc.so to try a probe on", checked);
        return trial(
                "uprobe " + libc.get() + ":" + UPROBE_FUNCTION,
                checked,
                () ->
                        ProbePlanner.plan(
                                ProbeSpecs.uprobe(libc.get(), UPROBE_FUNCTION, Measure.Latency),
                                Path.of("/")));
    }

    /** Null when a Latency tracepoint-pair trace filtered to this process opened, else why not. */
    static String tracepoint(List<String> checked) {
        return trial(
                "tracepoints " + TRACEPOINT_START + " → " + TRACEPOINT_END,
                checked,
                () ->
                        ProbePlanner.plan(
                                ProbeSpecs.tracepoint(
                                        TRACEPOINT_START, TRACEPOINT_END, Measure.Latency),
                                Path.of("/")));
    }

    private interface Planner {
        ProbePlan plan() throws IOException, UnsupportedProbeException;
    }

    private static String trial(String what, List<String> checked, Planner planner) {
        try {
            ProbePlan plan = planner.plan();
            ProcessId self = ProcessId.current((int) ProcessHandle.current().pid());
            try (TraceSession s =
                    TraceSession.open(
                            plan, HdrLayout.latency(2), List.of(self), Following.PER_PROCESS)) {
                checked.add(
                        "trial trace ("
                                + what
                                + ") on this process: attached"
                                + (s.bpfTimeMeasured()
                                        ? ""
                                        : "; BPF run time not permitted (optional)"));
            }
            return null;
        } catch (IOException | UnsupportedProbeException | RuntimeException e) {
            return refused(what, e.getMessage(), checked);
        }
    }

    private static String refused(String what, String why, List<String> checked) {
        checked.add("trial trace (" + what + "): " + why);
        return "a trial trace was refused: " + why;
    }
}
