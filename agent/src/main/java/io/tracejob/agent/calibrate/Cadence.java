package io.tracejob.agent.calibrate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the trace fires and how often, per CPU, since the sentinel last measured each CPU: which
 * CPU to measure next, and how far apart the target's calls come there. Both change a firing's
 * cost: it differs between CPUs at the same moment, and calls far apart find the probe's kernel
 * path cold (docs/benchmarks.md, "Per CPU" and "Paced bursts").
 */
final class Cadence {
    /**
     * a look that finds firings after a longer silence counts only this long as firing time: the
     * tracer looks every ≈ 10 ms, so a longer silence had the probes out (a duty cycle's windows
     * can be a few ms) or the target idle
     */
    static final long MAX_SPAN_NANOS = 10_000_000;

    private long lastLook;
    private long[] pending = new long[0];
    private long[] firingNanos = new long[0];
    private final Set<Integer> unreachable = new HashSet<>();

    Cadence(long startNanos) {
        this.lastLook = startNanos;
    }

    /**
     * The firings just charged, per CPU, at {@code nowNanos}: the time since the last look counts
     * as firing time for each CPU that fired in it, so the time a duty cycle held the probes out
     * does not make the calls look far apart.
     */
    synchronized void fired(long[] fresh, long nowNanos) {
        if (pending.length < fresh.length) {
            pending = Arrays.copyOf(pending, fresh.length);
            firingNanos = Arrays.copyOf(firingNanos, fresh.length);
        }
        long span = Math.min(MAX_SPAN_NANOS, Math.max(0, nowNanos - lastLook));
        lastLook = nowNanos;
        for (int c = 0; c < fresh.length; c++) {
            if (fresh[c] <= 0) continue;
            pending[c] += fresh[c];
            firingNanos[c] += span;
        }
    }

    /** the CPU with the most firings since its last burst, -1 when none fired */
    synchronized int busiest() {
        return busiest(pending, unreachable);
    }

    static int busiest(long[] pending, Set<Integer> skip) {
        int best = -1;
        for (int c = 0; c < pending.length; c++)
            if (pending[c] > 0 && !skip.contains(c) && (best < 0 || pending[c] > pending[best]))
                best = c;
        return best;
    }

    /** a CPU this agent may not run on: its firings are priced by the latest figure */
    synchronized void unreachable(int cpu) {
        unreachable.add(cpu);
    }

    /**
     * The mean time between the target's calls on {@code cpu} while it fired, since its last burst,
     * at {@code firingsPerCall} firings a call; 0 when none fired there.
     */
    synchronized long gapNanos(int cpu, int firingsPerCall) {
        if (cpu < 0 || cpu >= pending.length || pending[cpu] == 0) return 0;
        double calls = (double) pending[cpu] / firingsPerCall;
        return Math.round(firingNanos[cpu] / Math.max(1, calls));
    }

    /** {@code cpu} was just measured: its counts start again */
    synchronized void measured(int cpu) {
        if (cpu < 0 || cpu >= pending.length) return;
        pending[cpu] = 0;
        firingNanos[cpu] = 0;
    }
}
