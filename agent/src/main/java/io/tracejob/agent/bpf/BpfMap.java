package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel BPF map owned by this process through its fd. Keys and values are raw little-endian bytes as
 * the program sees them. For per-CPU maps a value exchanged with user space is one slot per possible CPU,
 * each slot {@code valueSize} rounded up to 8 bytes ({@link #userValueSize()}).
 */
public final class BpfMap implements AutoCloseable {
    /** bpf_map_update_elem flags. */
    public static final long ANY = 0, NOEXIST = 1, EXIST = 2;
    /** map_flags for {@link #create}: BPF_F_NO_PREALLOC, BPF_F_MMAPABLE. */
    public static final int F_NO_PREALLOC = 1, F_MMAPABLE = 1 << 10;

    private static volatile int possibleCpus;
    /** null = not yet probed; the kernel either has batch lookup for arrays (5.6+) or not. */
    private static volatile Boolean batchSupported;

    private final MapType type;
    private final String name;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final KernelFd fd;

    private BpfMap(int fd, MapType type, String name, int keySize, int valueSize, int maxEntries) {
        this.fd = new KernelFd(fd, "map '" + name + "'");
        this.type = type;
        this.name = name;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
    }

    public static BpfMap create(MapType type, String name, int keySize, int valueSize, int maxEntries, int flags)
            throws SyscallException {
        String checked = ObjectName.check("map", name);
        if (type.keyless() && keySize != 0) {
            throw new IllegalArgumentException("map '" + name + "': keySize must be 0 for " + type + " maps, was " + keySize);
        }
        if (!type.keyless() && keySize <= 0) {
            throw new IllegalArgumentException("map '" + name + "': keySize must be > 0 for " + type + " maps, was " + keySize);
        }
        if (type.array() && keySize != 4) {
            throw new IllegalArgumentException("map '" + name + "': keySize of an " + type + " map must be 4 (u32 index), was " + keySize);
        }
        if (valueSize <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("map '" + name + "': valueSize and maxEntries must be > 0, were "
                    + valueSize + " and " + maxEntries);
        }
        Memory attr = Attr.zeroed();
        attr.setInt(0, type.code);
        attr.setInt(4, keySize);
        attr.setInt(8, valueSize);
        attr.setInt(12, maxEntries);
        attr.setInt(16, flags);
        ObjectName.write(attr, 28, checked);
        try {
            int fd = Syscalls.bpf(BpfCommand.MAP_CREATE, attr, Attr.SIZE);
            return new BpfMap(fd, type, checked, keySize, valueSize, maxEntries);
        } catch (SyscallException e) {
            throw new SyscallException("bpf(BPF_MAP_CREATE) of " + type + " map '" + name + "' (key " + keySize
                    + " B, value " + valueSize + " B, " + maxEntries + " entries, flags 0x" + Integer.toHexString(flags) + ")",
                    e.errno(), createHint(e.errno()));
        }
    }

    private static String createHint(int errno) {
        return switch (errno) {
            case Errno.EPERM -> io.tracejob.agent.sys.Capabilities.hint("CAP_BPF");
            case Errno.EINVAL -> "the kernel rejected the map parameters (type, sizes or flags; per-CPU maps reject BPF_F_MMAPABLE)";
            case Errno.ENOMEM -> "the map does not fit in memory or the memlock limit";
            case Errno.E2BIG -> "key or value size above the kernel's limit";
            default -> null;
        };
    }

    public int fd() {
        return fd.get();
    }

    public MapType type() { return type; }
    public String name() { return name; }
    public int keySize() { return keySize; }
    public int valueSize() { return valueSize; }
    public int maxEntries() { return maxEntries; }

    /** Bytes one value occupies in user space: valueSize, or per CPU round_up(valueSize, 8) × possible CPUs. */
    public int userValueSize() {
        return type.perCpu() ? perCpuStride() * possibleCpus() : valueSize;
    }

    private int perCpuStride() {
        return (valueSize + 7) & ~7;
    }

    /** @return the value, or null when the key is absent */
    public byte[] lookup(byte[] key) throws SyscallException {
        checkKey(key);
        Memory k = keyMemory(key);
        Memory v = new Memory(userValueSize());
        long r = elemOp(BpfCommand.MAP_LOOKUP_ELEM, k, v, 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw elemFailure(BpfCommand.MAP_LOOKUP_ELEM, (int) -r);
        return v.getByteArray(0, userValueSize());
    }

    public void update(byte[] key, byte[] value, long flags) throws SyscallException {
        checkKey(key);
        checkValue(value);
        long r = elemOp(BpfCommand.MAP_UPDATE_ELEM, keyMemory(key), Attr.bytes(value), flags);
        if (r < 0) throw elemFailure(BpfCommand.MAP_UPDATE_ELEM, (int) -r);
    }

    /** @return false when the key was absent */
    public boolean delete(byte[] key) throws SyscallException {
        checkKey(key);
        long r = elemOp(BpfCommand.MAP_DELETE_ELEM, keyMemory(key), null, 0);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw elemFailure(BpfCommand.MAP_DELETE_ELEM, (int) -r);
        return true;
    }

    /** The key after {@code keyOrNull} (the first key for null), or null at the end. */
    public byte[] nextKey(byte[] keyOrNull) throws SyscallException {
        if (keyOrNull != null) checkKey(keyOrNull);
        Memory next = new Memory(keySize);
        long r = elemOp(BpfCommand.MAP_GET_NEXT_KEY, keyOrNull == null ? null : keyMemory(keyOrNull), next, 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw elemFailure(BpfCommand.MAP_GET_NEXT_KEY, (int) -r);
        return next.getByteArray(0, keySize);
    }

    // ---- queue / stack maps (no key) ----

    public void push(byte[] value) throws SyscallException {
        requireKeyless();
        checkValue(value);
        long r = elemOp(BpfCommand.MAP_UPDATE_ELEM, null, Attr.bytes(value), ANY);
        if (r < 0) throw elemFailure(BpfCommand.MAP_UPDATE_ELEM, (int) -r);
    }

    /** @return the next value without removing it, or null when empty */
    public byte[] peek() throws SyscallException {
        requireKeyless();
        return keylessRead(BpfCommand.MAP_LOOKUP_ELEM);
    }

    /** @return the next value, removed, or null when empty */
    public byte[] pop() throws SyscallException {
        requireKeyless();
        return keylessRead(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM);
    }

    private byte[] keylessRead(BpfCommand cmd) throws SyscallException {
        Memory v = new Memory(valueSize);
        long r = elemOp(cmd, null, v, 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw elemFailure(cmd, (int) -r);
        return v.getByteArray(0, valueSize);
    }

    // ---- typed helpers ----

    /** One u64 per possible CPU at {@code index} of a per-CPU map with 8-byte values and u32 keys. */
    public long[] lookupPerCpuLong(int index) throws SyscallException {
        requirePerCpuU64();
        if (keySize != 4) throw new IllegalStateException("map '" + name + "': lookupPerCpuLong needs 4-byte (u32) keys, key size is " + keySize);
        byte[] v = lookup(Bytes.u32(index));
        int cpus = possibleCpus();
        long[] out = new long[cpus];
        if (v == null) return out;
        for (int c = 0; c < cpus; c++) out[c] = Bytes.u64(v, c * 8);
        return out;
    }

    /**
     * For a PERCPU_ARRAY of u64: each index summed over all CPUs. One BPF_MAP_LOOKUP_BATCH call when the
     * kernel has it (5.6+), else one lookup per index.
     */
    public long[] sumPerCpuArray() throws SyscallException {
        requirePerCpuU64();
        if (type != MapType.PERCPU_ARRAY) throw new IllegalStateException("map '" + name + "' is " + type + "; sumPerCpuArray needs PERCPU_ARRAY");
        if (batchSupported != Boolean.FALSE) {
            long[] r = sumPerCpuArrayByBatch();
            if (r != null) return r;
        }
        return sumPerCpuArrayByLookup();
    }

    /** @return null when the kernel lacks batch lookup for this map */
    long[] sumPerCpuArrayByBatch() throws SyscallException {
        int cpus = possibleCpus();
        Memory values = readAllByBatch(8 * cpus);
        return values == null ? null : sumSlots(values, cpus);
    }

    long[] sumPerCpuArrayByLookup() throws SyscallException {
        int cpus = possibleCpus();
        return sumSlots(readAllByLookup(8 * cpus), cpus);
    }

    /** One bulk copy out of native memory, then sums in Java (a JNA call per slot would cost more than the syscall). */
    private long[] sumSlots(Memory values, int cpus) {
        long[] raw = values.getLongArray(0, maxEntries * cpus);
        long[] out = new long[maxEntries];
        for (int i = 0, at = 0; i < maxEntries; i++) {
            long sum = 0;
            for (int c = 0; c < cpus; c++) sum += raw[at++];
            out[i] = sum;
        }
        return out;
    }

    /** All values of a plain ARRAY of u64, by index. */
    public long[] readArrayLongs() throws SyscallException {
        if (type != MapType.ARRAY || valueSize != 8) {
            throw new IllegalStateException("map '" + name + "' is " + type + " with " + valueSize + "-byte values; readArrayLongs needs ARRAY of u64");
        }
        Memory values = batchSupported != Boolean.FALSE ? readAllByBatch(8) : null;
        if (values == null) values = readAllByLookup(8);
        return values.getLongArray(0, maxEntries);
    }

    /** Every index of an array map, {@code stride} bytes per value, in one or a few batch calls; null without batch support. */
    private Memory readAllByBatch(int stride) throws SyscallException {
        Memory keys = new Memory(4L * maxEntries);
        Memory values = new Memory((long) stride * maxEntries);
        Memory outBatch = new Memory(4);
        Memory inBatch = null;
        Memory attr = Attr.zeroed();
        int done = 0;
        while (done < maxEntries) {
            attr.clear();
            attr.setPointer(0, inBatch);
            attr.setPointer(8, outBatch);
            attr.setPointer(16, keys.share(4L * done));
            attr.setPointer(24, values.share((long) stride * done));
            attr.setInt(32, maxEntries - done);
            attr.setInt(36, fd());
            long r = Syscalls.bpfOrErrno(BpfCommand.MAP_LOOKUP_BATCH, attr, Attr.SIZE);
            int got = attr.getInt(32);
            if (r < 0 && r != -Errno.ENOENT) {
                int errno = (int) -r;
                if (done == 0 && (errno == Errno.EINVAL || errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP || errno == Errno.ENOSYS)) {
                    batchSupported = Boolean.FALSE;
                    return null;
                }
                throw elemFailure(BpfCommand.MAP_LOOKUP_BATCH, errno);
            }
            done += got;
            if (r == -Errno.ENOENT || got == 0) break;
            if (inBatch == null) inBatch = new Memory(4);
            inBatch.setInt(0, outBatch.getInt(0));
        }
        batchSupported = Boolean.TRUE;
        if (done != maxEntries) {
            throw new IllegalStateException("map '" + name + "': batch lookup returned " + done + " of " + maxEntries + " array entries");
        }
        return values;
    }

    private Memory readAllByLookup(int stride) throws SyscallException {
        Memory values = new Memory((long) stride * maxEntries);
        Memory key = new Memory(4);
        Memory attr = Attr.zeroed();
        int f = fd();
        for (int i = 0; i < maxEntries; i++) {
            key.setInt(0, i);
            attr.setInt(0, f);
            attr.setPointer(8, key);
            attr.setPointer(16, values.share((long) stride * i));
            Syscalls.bpf(BpfCommand.MAP_LOOKUP_ELEM, attr, Attr.SIZE);
        }
        return values;
    }

    /** A key/value pair of a hash map, as raw bytes. */
    public record Entry(byte[] key, byte[] value) {}

    /** Every entry, walking keys with GET_NEXT_KEY; entries deleted meanwhile are skipped. */
    public List<Entry> entries() throws SyscallException {
        List<Entry> out = new ArrayList<>();
        byte[] k = nextKey(null);
        int guard = 0;
        while (k != null && guard++ <= maxEntries) {
            byte[] v = lookup(k);
            if (v != null) out.add(new Entry(k, v));
            k = nextKey(k);
        }
        return out;
    }

    public List<byte[]> keys() throws SyscallException {
        List<byte[]> out = new ArrayList<>();
        byte[] k = nextKey(null);
        int guard = 0;
        while (k != null && guard++ <= maxEntries) {
            out.add(k);
            k = nextKey(k);
        }
        return out;
    }

    /** For maps with u64 keys and u64 values (e.g. tgid → start time): every entry, in iteration order. */
    public Map<Long, Long> longEntries() throws SyscallException {
        if (keySize != 8 || valueSize != 8 || type.perCpu()) {
            throw new IllegalStateException("map '" + name + "': longEntries needs 8-byte keys and values (not per-CPU), has key "
                    + keySize + " B, value " + valueSize + " B, type " + type);
        }
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Entry e : entries()) out.put(Bytes.u64(e.key(), 0), Bytes.u64(e.value(), 0));
        return out;
    }

    /** Number of possible CPUs (count in /sys/devices/system/cpu/possible), the slot count of per-CPU values. */
    /**
     * The kernel's own charge for this map ({@code memlock} in the fd's fdinfo): values, keys and the
     * per-entry overhead of preallocated hash maps, which a size computed from key and value widths misses.
     * -1 when the kernel does not say.
     */
    public long memlockBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/fdinfo/" + fd()))) {
                if (line.startsWith("memlock:")) return Long.parseLong(line.substring(8).trim());
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static int possibleCpus() {
        int n = possibleCpus;
        if (n == 0) {
            try {
                n = parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /sys/devices/system/cpu/possible (needed to size per-CPU map values)", e);
            }
            possibleCpus = n;
        }
        return n;
    }

    /** Counts CPUs in a kernel cpu list such as {@code 0-3,5,7-8}. */
    static int parseCpuList(String list) {
        int count = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(part);
                count++;
            } else {
                int from = Integer.parseInt(part.substring(0, dash)), to = Integer.parseInt(part.substring(dash + 1));
                if (to < from) throw new IllegalArgumentException("bad cpu range '" + part + "' in cpu list '" + list.trim() + "'");
                count += to - from + 1;
            }
        }
        if (count == 0) throw new IllegalArgumentException("empty cpu list '" + list.trim() + "'");
        return count;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return type + " map '" + name + "' fd " + fd.peek();
    }

    // ---- internals ----

    private long elemOp(BpfCommand cmd, Pointer key, Pointer valueOrNext, long flags) {
        Memory attr = Attr.zeroed();
        attr.setInt(0, fd());
        attr.setPointer(8, key);
        attr.setPointer(16, valueOrNext);
        attr.setLong(24, flags);
        return Syscalls.bpfOrErrno(cmd, attr, Attr.SIZE);
    }

    private SyscallException elemFailure(BpfCommand cmd, int errno) {
        String hint = switch (errno) {
            case Errno.E2BIG -> "the map is full (" + maxEntries + " entries)";
            case Errno.EEXIST -> "the key exists and BPF_NOEXIST was given";
            case Errno.EPERM -> io.tracejob.agent.sys.Capabilities.hint("CAP_BPF");
            case Errno.EINVAL -> "bad flags or element for a " + type + " map";
            default -> null;
        };
        return new SyscallException("bpf(" + cmd.uapiName() + ") on " + this, errno, hint);
    }

    private Memory keyMemory(byte[] key) {
        return Attr.bytes(key);
    }

    private void checkKey(byte[] key) {
        if (type.keyless()) throw new IllegalStateException("map '" + name + "' is a " + type + " map without keys; use push/peek/pop");
        if (key == null || key.length != keySize) {
            throw new IllegalArgumentException("map '" + name + "': key must be " + keySize + " bytes, was "
                    + (key == null ? "null" : key.length + " bytes"));
        }
    }

    private void checkValue(byte[] value) {
        int want = type.keyless() ? valueSize : userValueSize();
        if (value == null || value.length != want) {
            throw new IllegalArgumentException("map '" + name + "': value must be " + want + " bytes"
                    + (type.perCpu() ? " (" + perCpuStride() + " per possible CPU × " + possibleCpus() + ")" : "")
                    + ", was " + (value == null ? "null" : value.length + " bytes"));
        }
    }

    private void requireKeyless() {
        if (!type.keyless()) throw new IllegalStateException("map '" + name + "' is " + type + "; push/peek/pop need QUEUE or STACK");
    }

    private void requirePerCpuU64() {
        if (!type.perCpu() || valueSize != 8) {
            throw new IllegalStateException("map '" + name + "' is " + type + " with " + valueSize + "-byte values; needs a per-CPU map of u64");
        }
    }
}
