package io.tracejob.agent.trace;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.proc.BinaryUsers;
import io.tracejob.agent.proc.Procs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default {@link Following}: binary-wide while no process outside the target maps the binary
 * (then it touches nobody else and misses no child), per process otherwise, so another replica of
 * the same image is never slowed by default. Processes that start mapping the binary later are
 * counted and reported.
 *
 * @param others pids outside the target that mapped a probed binary when the trace started
 */
public record FollowingChoice(Following following, Set<Integer> others, String reason) {

    public static FollowingChoice choose(ProbePlan plan, List<ProcessId> roots, Following requested)
            throws IOException {
        List<Path> binaries =
                plan.sites().stream()
                        .filter(s -> s instanceof Site.Uprobe)
                        .map(s -> ((Site.Uprobe) s).binary())
                        .distinct()
                        .toList();
        if (binaries.isEmpty())
            return new FollowingChoice(
                    Following.PER_PROCESS,
                    Set.of(),
                    "tracepoints follow the traced set in the kernel");
        Set<Integer> members = new TreeSet<>();
        for (ProcessId r : roots) {
            members.add(r.pid());
            members.addAll(Procs.descendants(r.pid()));
        }
        Set<Integer> others = new TreeSet<>();
        for (Path b : binaries) others.addAll(BinaryUsers.of(b));
        others.removeAll(members);
        others.remove((int) ProcessHandle.current().pid());
        if (requested != null) return new FollowingChoice(requested, others, "requested");
        if (others.isEmpty()) {
            return new FollowingChoice(
                    Following.BINARY_WIDE,
                    others,
                    "no other process maps the binary: binary-wide probes, every new process traced from its first call");
        }
        return new FollowingChoice(
                Following.PER_PROCESS,
                others,
                others.size()
                        + " other process(es) map the binary ("
                        + shortList(others)
                        + "): probes are per process so they stay untouched; a new process of the target is probed only once the agent has attached to it (milliseconds after its fork)");
    }

    private static String shortList(Set<Integer> pids) {
        List<String> s = pids.stream().limit(5).map(p -> "pid " + p).toList();
        return String.join(", ", s) + (pids.size() > 5 ? ", …" : "");
    }
}
