package io.tracejob.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time the traced processes used while traced, from {@code /proc/<pid>/stat} (utime + stime,
 * every thread, exited ones included). The probes run on the traced threads, so what they cost can
 * never exceed it: the estimate is capped by it. Sampled now and then, so a process that exits
 * keeps the CPU time it had when last seen.
 */
public final class TracedCpu {
    /** USER_HZ: /proc reports CPU time in these ticks on every Linux the agent supports */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<Integer, Long> first = new HashMap<>();
    private final Map<Integer, Long> last = new HashMap<>();

    /**
     * Starts counting for these processes (traced from now on; CPU before now is theirs, not the
     * probes').
     */
    public void start(Collection<Integer> pids) {
        for (int pid : pids) {
            long t = ticks(pid);
            if (t >= 0) {
                first.put(pid, t);
                last.put(pid, t);
            }
        }
    }

    /**
     * Samples these processes; one seen for the first time was forked while traced, so all its CPU
     * time counts.
     */
    public void sample(Collection<Integer> pids) {
        for (int pid : pids) {
            long t = ticks(pid);
            if (t < 0) continue; // gone: keeps its last sample
            first.putIfAbsent(pid, 0L);
            last.put(pid, t);
        }
    }

    /**
     * CPU ns the traced processes used between their first and last samples, rounded up by a tick
     * per process.
     */
    public long nanos() {
        long ticks = 0;
        for (Map.Entry<Integer, Long> e : last.entrySet())
            ticks += e.getValue() - first.getOrDefault(e.getKey(), 0L) + 1;
        return ticks * NANOS_PER_TICK;
    }

    public boolean known() {
        return !last.isEmpty();
    }

    /** utime + stime of a process in ticks, or -1 when it cannot be read (gone). */
    static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            // the command name (field 2) may hold spaces and parentheses: count fields after the
            // last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
