package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.SyscallException;

/**
 * A PERCPU_ARRAY of u64 counters (histogram buckets, event counters): programs add to their CPU's
 * slot without atomics, the agent sums the slots of all possible CPUs.
 */
public final class PerCpuU64Array extends MapView {
    private PerCpuU64Array(BpfMap map) {
        super(map);
    }

    public static PerCpuU64Array create(String name, int entries) throws SyscallException {
        return new PerCpuU64Array(BpfMap.create(MapType.PERCPU_ARRAY, name, 4, 8, entries, 0));
    }

    int entries() {
        return map.maxEntries();
    }

    /** Index {@code index} summed over all CPUs. */
    public long sum(int index) throws SyscallException {
        long sum = 0;
        for (long v : perCpu(index)) sum += v;
        return sum;
    }

    /** One u64 per possible CPU at {@code index}. */
    public long[] perCpu(int index) throws SyscallException {
        byte[] v = map.lookup(Bytes.u32(index));
        int cpus = PossibleCpus.count();
        long[] out = new long[cpus];
        if (v == null) return out;
        for (int c = 0; c < cpus; c++) out[c] = Bytes.u64(v, c * 8);
        return out;
    }

    /**
     * Every index summed over all CPUs: one BPF_MAP_LOOKUP_BATCH call when the kernel has it
     * (5.6+), else a lookup per index.
     */
    public long[] sumAll() throws SyscallException {
        int cpus = PossibleCpus.count();
        return sumSlots(ArrayMapReader.readAll(map, 8 * cpus), entries(), cpus);
    }

    /**
     * One bulk copy out of native memory, then sums in Java (a JNA call per slot would cost more
     * than the syscall).
     */
    static long[] sumSlots(Memory values, int entries, int cpus) {
        long[] raw = values.getLongArray(0, entries * cpus);
        long[] out = new long[entries];
        for (int i = 0, at = 0; i < entries; i++) {
            long sum = 0;
            for (int c = 0; c < cpus; c++) sum += raw[at++];
            out[i] = sum;
        }
        return out;
    }
}
