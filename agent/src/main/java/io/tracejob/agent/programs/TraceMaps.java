package io.tracejob.agent.programs;

import io.tracejob.agent.bpf.MapView;
import io.tracejob.agent.bpf.PerCpuU64Array;
import io.tracejob.agent.bpf.PossibleCpus;
import io.tracejob.agent.bpf.ScalarHash;
import io.tracejob.agent.histogram.HdrLayout;
import java.io.IOException;

/**
 * The maps one trace uses. Their size is fixed at creation, so the agent's kernel memory is bounded
 * and stated up front ({@link #kernelBytes()}).
 */
public final class TraceMaps implements AutoCloseable {
    /** calls in flight at once (entered, not yet returned) across all traced threads */
    public static final int MAX_IN_FLIGHT = 16_384;

    /** processes traced at once: the target and its descendants */
    public static final int MAX_PROCESSES = 4_096;

    public final HdrLayout layout;

    /** per-CPU u64 counts indexed exactly like HdrHistogram's counts array */
    public final PerCpuU64Array histogram;

    /** key (pid_tgid or a tracepoint field) → start time in ns */
    public final ScalarHash starts;

    /** per-CPU u64 counters, see {@link Counter} */
    public final PerCpuU64Array counters;

    /** tgids being traced, for programs that run system-wide (tracepoints) */
    public final ScalarHash tgids;

    /** new child tgid → parent tgid, filled by the fork follower and drained by the agent */
    public final ScalarHash forks;

    /** pid_tgid → calls the thread has open (a thread key's stack depth, see ThreadStack) */
    public final ScalarHash depths;

    private TraceMaps(
            HdrLayout layout,
            PerCpuU64Array histogram,
            ScalarHash starts,
            PerCpuU64Array counters,
            ScalarHash tgids,
            ScalarHash forks,
            ScalarHash depths) {
        this.layout = layout;
        this.histogram = histogram;
        this.starts = starts;
        this.counters = counters;
        this.tgids = tgids;
        this.forks = forks;
        this.depths = depths;
    }

    public static TraceMaps create(HdrLayout layout) throws IOException {
        PerCpuU64Array histogram = null, counters = null;
        ScalarHash starts = null, tgids = null, forks = null;
        try {
            histogram = PerCpuU64Array.create("tj_hist", layout.length());
            starts = ScalarHash.create("tj_starts", 8, 8, MAX_IN_FLIGHT);
            counters = PerCpuU64Array.create("tj_counters", Counter.values().length);
            tgids = ScalarHash.create("tj_tgids", 4, 4, MAX_PROCESSES);
            forks = ScalarHash.create("tj_forks", 4, 4, MAX_PROCESSES);
            ScalarHash depths = ScalarHash.create("tj_depths", 8, 8, MAX_IN_FLIGHT);
            return new TraceMaps(layout, histogram, starts, counters, tgids, forks, depths);
        } catch (IOException | RuntimeException e) {
            for (MapView m : new MapView[] {histogram, starts, counters, tgids, forks}) {
                if (m != null) m.close();
            }
            throw e;
        }
    }

    /**
     * Kernel memory of these maps as the kernel charges it (fdinfo memlock); the value-size bound
     * when it does not say.
     */
    public long kernelBytes() {
        long charged = 0;
        for (MapView m : new MapView[] {histogram, starts, counters, tgids, forks, depths}) {
            long b = m.memlockBytes();
            if (b < 0) return valueBytes();
            charged += b;
        }
        return charged;
    }

    /** Lower bound: the maps' keys and values only, without the kernel's per-entry overhead. */
    public long valueBytes() {
        int cpus = PossibleCpus.count();
        return (long) layout.length() * 8 * cpus
                + (long) MAX_IN_FLIGHT * 16 * 2
                + (long) Counter.values().length * 8 * cpus
                + (long) MAX_PROCESSES * 8 * 2 * 2;
    }

    public void addTgid(int tgid) throws IOException {
        tgids.put(tgid, tgid);
    }

    public void removeTgid(int tgid) throws IOException {
        tgids.delete(tgid);
    }

    public long counter(Counter c) throws IOException {
        return counters.sum(c.slot());
    }

    /** one count per possible CPU */
    public long[] counterPerCpu(Counter c) throws IOException {
        return counters.perCpu(c.slot());
    }

    @Override
    public void close() {
        histogram.close();
        starts.close();
        counters.close();
        tgids.close();
        forks.close();
        depths.close();
    }
}
