package io.tracejob.agent.programs;

import io.tracejob.agent.bpf.BpfMap;
import io.tracejob.agent.bpf.MapType;
import io.tracejob.agent.histogram.HdrLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The maps one trace uses. Their size is fixed at creation, so the agent's kernel memory is bounded and
 * stated up front ({@link #kernelBytes()}).
 */
public final class TraceMaps implements AutoCloseable {
    /** calls in flight at once (entered, not yet returned) across all traced threads */
    public static final int MAX_IN_FLIGHT = 16_384;
    /** processes traced at once: the target and its descendants */
    public static final int MAX_PROCESSES = 4_096;

    public final HdrLayout layout;
    /** per-CPU u64 counts indexed exactly like HdrHistogram's counts array */
    public final BpfMap histogram;
    /** key (pid_tgid or a tracepoint field) → start time in ns */
    public final BpfMap starts;
    /** per-CPU u64 counters, see {@link Counter} */
    public final BpfMap counters;
    /** tgids being traced, for programs that run system-wide (tracepoints) */
    public final BpfMap tgids;
    /** new child tgid → parent tgid, filled by the fork follower and drained by the agent */
    public final BpfMap forks;
    /** pid_tgid → calls the thread has open (a thread key's stack depth, see ThreadStack) */
    public final BpfMap depths;

    private TraceMaps(HdrLayout layout, BpfMap histogram, BpfMap starts, BpfMap counters, BpfMap tgids, BpfMap forks, BpfMap depths) {
        this.layout = layout;
        this.histogram = histogram;
        this.starts = starts;
        this.counters = counters;
        this.tgids = tgids;
        this.forks = forks;
        this.depths = depths;
    }

    public static TraceMaps create(HdrLayout layout) throws IOException {
        BpfMap histogram = null, starts = null, counters = null, tgids = null, forks = null;
        try {
            histogram = BpfMap.create(MapType.PERCPU_ARRAY, "tj_hist", 4, 8, layout.length(), 0);
            starts = BpfMap.create(MapType.HASH, "tj_starts", 8, 8, MAX_IN_FLIGHT, 0);
            counters = BpfMap.create(MapType.PERCPU_ARRAY, "tj_counters", 4, 8, Counter.values().length, 0);
            tgids = BpfMap.create(MapType.HASH, "tj_tgids", 4, 4, MAX_PROCESSES, 0);
            forks = BpfMap.create(MapType.HASH, "tj_forks", 4, 4, MAX_PROCESSES, 0);
            BpfMap depths = BpfMap.create(MapType.HASH, "tj_depths", 8, 8, MAX_IN_FLIGHT, 0);
            return new TraceMaps(layout, histogram, starts, counters, tgids, forks, depths);
        } catch (IOException | RuntimeException e) {
            for (BpfMap m : new BpfMap[] {histogram, starts, counters, tgids, forks}) {
                if (m != null) m.close();
            }
            throw e;
        }
    }

    /** Kernel memory of these maps as the kernel charges it (fdinfo memlock); the value-size bound when it does not say. */
    public long kernelBytes() {
        long charged = 0;
        for (BpfMap m : new BpfMap[] {histogram, starts, counters, tgids, forks, depths}) {
            long b = m.memlockBytes();
            if (b < 0) return valueBytes();
            charged += b;
        }
        return charged;
    }

    /** Lower bound: the maps' keys and values only, without the kernel's per-entry overhead. */
    public long valueBytes() {
        int cpus = BpfMap.possibleCpus();
        return (long) layout.length() * 8 * cpus
                + (long) MAX_IN_FLIGHT * 16 * 2
                + (long) Counter.values().length * 8 * cpus
                + (long) MAX_PROCESSES * 8 * 2 * 2;
    }

    public void addTgid(int tgid) throws IOException {
        tgids.update(u32(tgid), u32(tgid), 0);
    }

    public void removeTgid(int tgid) throws IOException {
        tgids.delete(u32(tgid));
    }

    public long counter(Counter c) throws IOException {
        long sum = 0;
        for (long v : counters.lookupPerCpuLong(c.slot())) sum += v;
        return sum;
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
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
