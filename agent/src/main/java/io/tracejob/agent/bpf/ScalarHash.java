package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.SyscallException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HASH map whose keys and values are unsigned integers of 4 or 8 bytes (tgid → tgid, pid_tgid →
 * start time), exchanged as Java longs.
 */
public final class ScalarHash extends MapView {
    private ScalarHash(BpfMap map) {
        super(map);
    }

    /**
     * @param keySize and {@code valueSize}: 4 (u32) or 8 (u64)
     */
    public static ScalarHash create(String name, int keySize, int valueSize, int maxEntries)
            throws SyscallException {
        requireScalar(name, "keySize", keySize);
        requireScalar(name, "valueSize", valueSize);
        return new ScalarHash(BpfMap.create(MapType.HASH, name, keySize, valueSize, maxEntries, 0));
    }

    private static void requireScalar(String name, String field, int size) {
        if (size != 4 && size != 8)
            throw new IllegalArgumentException(
                    "map '" + name + "': " + field + " must be 4 or 8, was " + size);
    }

    public void put(long key, long value) throws SyscallException {
        map.update(encode(key, map.keySize()), encode(value, map.valueSize()), BpfMap.ANY);
    }

    /**
     * @return false when the key was absent
     */
    public boolean delete(long key) throws SyscallException {
        return map.delete(encode(key, map.keySize()));
    }

    /** Every key, in iteration order. */
    public List<Long> keys() throws SyscallException {
        List<Long> out = new ArrayList<>();
        for (byte[] k : map.keys()) out.add(decode(k));
        return out;
    }

    /** Every entry in iteration order; entries deleted meanwhile are skipped. */
    public Map<Long, Long> entries() throws SyscallException {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (byte[] k : map.keys()) {
            byte[] v = map.lookup(k);
            if (v != null) out.put(decode(k), decode(v));
        }
        return out;
    }

    private static byte[] encode(long v, int size) {
        return size == 4 ? Bytes.u32((int) v) : Bytes.u64(v);
    }

    private static long decode(byte[] b) {
        return b.length == 4 ? Bytes.u32(b, 0) & 0xffffffffL : Bytes.u64(b, 0);
    }
}
