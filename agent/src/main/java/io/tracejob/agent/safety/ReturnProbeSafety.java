package io.tracejob.agent.safety;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.trace.ReturnProbeRefusedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Never let a return probe kill its target. Before return probes go into a process, its seccomp
 * mode is read; a process under a filter gets them only when this node's check ({@link
 * NodeVerdict}) found them safe there. The check runs only when a confined process is actually met,
 * so a trace of an unconfined process costs one read of its status. A process in strict mode never
 * gets them: the check does not cover that mode.
 */
public final class ReturnProbeSafety {
    static final String WHAT_STILL_WORKS =
            "What still works: measure: Count (an entry probe only), or a start/end pair "
                    + "that needs no return probe (probe.family: Usdt with usdt.start/end, or Tracepoint with tracepoint.start/end)";

    private final Supplier<ReturnProbeVerdict> verdict;
    private final IntFunction<SeccompMode> modes;

    /**
     * @param verdict this node's answer; asked only when a confined process is met
     * @param modes a process's seccomp mode by pid
     */
    public ReturnProbeSafety(Supplier<ReturnProbeVerdict> verdict, IntFunction<SeccompMode> modes) {
        this.verdict = verdict;
        this.modes = modes;
    }

    /** The node's own check, through its per-node cache, and {@code /proc/PID/status}. */
    public static ReturnProbeSafety ofNode() {
        return new ReturnProbeSafety(NodeVerdict::current, SeccompMode::of);
    }

    public static boolean needsReturnProbes(Collection<Site> sites) {
        return sites.stream().anyMatch(s -> s instanceof Site.Uprobe u && u.returnProbe());
    }

    /**
     * Called before anything is attached: refuses the whole trace when one of {@code pids} could be
     * killed by the plan's return probes. Returns the one fact line worth printing when confined
     * processes were found safe, else nothing.
     */
    public List<String> requireSafe(ProbePlan plan, Collection<Integer> pids)
            throws UnsupportedProbeException {
        if (!needsReturnProbes(plan.sites())) return List.of();
        List<Integer> filtered = new ArrayList<>();
        for (int pid : pids) {
            String refused = refusal(pid);
            if (refused != null) {
                throw UnsupportedProbeException.forTarget(
                        "spec.probe.measure: Latency needs a return probe (uretprobe) on "
                                + plan.attachPoint()
                                + ", and "
                                + refused
                                + ". Nothing was attached. "
                                + WHAT_STILL_WORKS
                                + ".");
            }
            if (modes.apply(pid) == SeccompMode.FILTER) filtered.add(pid);
        }
        if (filtered.isEmpty()) return List.of();
        ReturnProbeVerdict v = verdict.get();
        return List.of(
                "process"
                        + (filtered.size() == 1 ? " " : "es ")
                        + join(filtered)
                        + " run"
                        + (filtered.size() == 1 ? "s" : "")
                        + " under a seccomp filter; return probes are safe there on this node ("
                        + v.source()
                        + ")");
    }

    /** For a process met after the trace started: throws when its return probes could kill it. */
    public void requireSafe(Collection<Site> sites, int pid) throws ReturnProbeRefusedException {
        if (!needsReturnProbes(sites)) return;
        String refused = refusal(pid);
        if (refused != null) {
            throw new ReturnProbeRefusedException(
                    "return probes not attached: " + refused + ". " + WHAT_STILL_WORKS);
        }
    }

    /**
     * Null when return probes are safe in {@code pid}; else why not, as a clause naming the
     * process.
     */
    private String refusal(int pid) {
        if (UretprobeSeccompTrial.isTrialProcess(pid)) return null;
        SeccompMode mode = modes.apply(pid);
        String status = "/proc/" + pid + "/status";
        if (mode == SeccompMode.STRICT) {
            return "process "
                    + pid
                    + " runs in seccomp strict mode ("
                    + mode.statusLine()
                    + " in "
                    + status
                    + "), which this node's check does not cover, so a return probe could kill it";
        }
        if (mode != SeccompMode.FILTER) return null;
        ReturnProbeVerdict v = verdict.get();
        if (v.safe()) return null;
        String kills =
                v.answer() == ReturnProbeVerdict.Answer.UNSAFE
                        ? "on this node a return probe kills such a process: "
                        : "whether a return probe kills such a process on this node is unknown, so none is attached: ";
        return "process "
                + pid
                + " runs under a seccomp filter ("
                + mode.statusLine()
                + " in "
                + status
                + "); "
                + kills
                + v.finding()
                + " ("
                + v.source()
                + ")";
    }

    private static String join(List<Integer> pids) {
        List<String> shown = pids.stream().limit(5).map(String::valueOf).toList();
        return String.join(", ", shown)
                + (pids.size() > shown.size()
                        ? " and " + (pids.size() - shown.size()) + " more"
                        : "");
    }
}
