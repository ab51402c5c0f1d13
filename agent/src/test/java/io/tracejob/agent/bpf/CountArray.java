package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.SyscallException;

/**
 * Test support: an ARRAY map of u64 counters that a test program increments, read back in bulk. The
 * agent itself counts per CPU ({@link PerCpuU64Array}); tests of attachment use this plain shape.
 */
public final class CountArray extends MapView {
    private CountArray(BpfMap map) {
        super(map);
    }

    public static CountArray create(String name, int entries) throws SyscallException {
        return new CountArray(BpfMap.create(MapType.ARRAY, name, 4, 8, entries, 0));
    }

    /** Every counter, by index. */
    public long[] read() throws SyscallException {
        return ArrayMapReader.readAll(map, 8).getLongArray(0, map.maxEntries());
    }
}
