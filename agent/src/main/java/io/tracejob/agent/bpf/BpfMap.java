package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.MapCreateAttr;
import io.tracejob.agent.sys.uapi.MapElemAttr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel BPF map owned by this process through its fd, with raw little-endian byte keys and
 * values as the program sees them. The agent uses it through the typed views ({@link
 * PerCpuU64Array}, {@link ScalarHash}). For per-CPU maps a value exchanged with user space is one
 * slot per possible CPU, each slot {@code valueSize} rounded up to 8 bytes ({@link
 * #userValueSize()}).
 */
final class BpfMap implements AutoCloseable {
    /** bpf_map_update_elem flags BPF_ANY (create or replace) and BPF_NOEXIST (create only). */
    static final long ANY = 0, NOEXIST = 1;

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

    static BpfMap create(
            MapType type, String name, int keySize, int valueSize, int maxEntries, int flags)
            throws SyscallException {
        String checked = ObjectName.check("map", name);
        if (type.keyless() && keySize != 0) {
            throw new IllegalArgumentException(
                    "map '" + name + "': keySize must be 0 for " + type + " maps, was " + keySize);
        }
        if (!type.keyless() && keySize <= 0) {
            throw new IllegalArgumentException(
                    "map '"
                            + name
                            + "': keySize must be > 0 for "
                            + type
                            + " maps, was "
                            + keySize);
        }
        if (type.array() && keySize != 4) {
            throw new IllegalArgumentException(
                    "map '"
                            + name
                            + "': keySize of an "
                            + type
                            + " map must be 4 (u32 index), was "
                            + keySize);
        }
        if (valueSize <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException(
                    "map '"
                            + name
                            + "': valueSize and maxEntries must be > 0, were "
                            + valueSize
                            + " and "
                            + maxEntries);
        }
        try {
            int fd =
                    new MapCreateAttr(type.code, keySize, valueSize, maxEntries, flags, checked)
                            .call();
            return new BpfMap(fd, type, checked, keySize, valueSize, maxEntries);
        } catch (SyscallException e) {
            throw new SyscallException(
                    "bpf(BPF_MAP_CREATE) of "
                            + type
                            + " map '"
                            + name
                            + "' (key "
                            + keySize
                            + " B, value "
                            + valueSize
                            + " B, "
                            + maxEntries
                            + " entries, flags 0x"
                            + Integer.toHexString(flags)
                            + ")",
                    e.errno(),
                    createHint(e.errno()));
        }
    }

    private static String createHint(int errno) {
        return switch (errno) {
            case Errno.EPERM -> io.tracejob.agent.sys.Capabilities.hint("CAP_BPF");
            case Errno.EINVAL ->
                    "the kernel rejected the map parameters (type, sizes or flags; per-CPU maps reject BPF_F_MMAPABLE)";
            case Errno.ENOMEM -> "the map does not fit in memory or the memlock limit";
            case Errno.E2BIG -> "key or value size above the kernel's limit";
            default -> null;
        };
    }

    int fd() {
        return fd.get();
    }

    MapType type() {
        return type;
    }

    String name() {
        return name;
    }

    int keySize() {
        return keySize;
    }

    int valueSize() {
        return valueSize;
    }

    int maxEntries() {
        return maxEntries;
    }

    /**
     * Bytes one value occupies in user space: valueSize, or per CPU round_up(valueSize, 8) ×
     * possible CPUs.
     */
    int userValueSize() {
        return type.perCpu() ? perCpuStride() * PossibleCpus.count() : valueSize;
    }

    private int perCpuStride() {
        return (valueSize + 7) & ~7;
    }

    /**
     * @return the value, or null when the key is absent
     */
    byte[] lookup(byte[] key) throws SyscallException {
        checkKey(key);
        Memory v = new Memory(userValueSize());
        long r = elemOp(BpfCommand.MAP_LOOKUP_ELEM, copy(key), v, 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw elemFailure(BpfCommand.MAP_LOOKUP_ELEM, (int) -r);
        return v.getByteArray(0, userValueSize());
    }

    /**
     * Reads the value at {@code key} into {@code value} (which has room for {@link
     * #userValueSize()}); throws if absent.
     */
    void lookupInto(Pointer key, Pointer value) throws SyscallException {
        long r = elemOp(BpfCommand.MAP_LOOKUP_ELEM, key, value, 0);
        if (r < 0) throw elemFailure(BpfCommand.MAP_LOOKUP_ELEM, (int) -r);
    }

    void update(byte[] key, byte[] value, long flags) throws SyscallException {
        checkKey(key);
        checkValue(value);
        long r = elemOp(BpfCommand.MAP_UPDATE_ELEM, copy(key), copy(value), flags);
        if (r < 0) throw elemFailure(BpfCommand.MAP_UPDATE_ELEM, (int) -r);
    }

    /**
     * @return false when the key was absent
     */
    boolean delete(byte[] key) throws SyscallException {
        checkKey(key);
        long r = elemOp(BpfCommand.MAP_DELETE_ELEM, copy(key), null, 0);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw elemFailure(BpfCommand.MAP_DELETE_ELEM, (int) -r);
        return true;
    }

    /** The key after {@code keyOrNull} (the first key for null), or null at the end. */
    byte[] nextKey(byte[] keyOrNull) throws SyscallException {
        if (keyOrNull != null) checkKey(keyOrNull);
        Memory next = new Memory(keySize);
        long r =
                elemOp(
                        BpfCommand.MAP_GET_NEXT_KEY,
                        keyOrNull == null ? null : copy(keyOrNull),
                        next,
                        0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw elemFailure(BpfCommand.MAP_GET_NEXT_KEY, (int) -r);
        return next.getByteArray(0, keySize);
    }

    /**
     * Every key, walking with GET_NEXT_KEY; bounded by maxEntries so concurrent changes cannot loop
     * forever.
     */
    List<byte[]> keys() throws SyscallException {
        List<byte[]> out = new ArrayList<>();
        byte[] k = nextKey(null);
        int guard = 0;
        while (k != null && guard++ <= maxEntries) {
            out.add(k);
            k = nextKey(k);
        }
        return out;
    }

    /**
     * The kernel's own charge for this map ({@code memlock} in the fd's fdinfo): values, keys and
     * the per-entry overhead of preallocated hash maps, which a size computed from key and value
     * widths misses. -1 when the kernel does not say.
     */
    long memlockBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd()))) {
                if (line.startsWith("memlock:")) return Long.parseLong(line.substring(8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return type + " map '" + name + "' fd " + fd.peek();
    }

    private long elemOp(BpfCommand cmd, Pointer key, Pointer valueOrNext, long flags) {
        return new MapElemAttr(cmd, fd(), key, valueOrNext, flags).callOrErrno();
    }

    SyscallException elemFailure(BpfCommand cmd, int errno) {
        String hint =
                switch (errno) {
                    case Errno.E2BIG -> "the map is full (" + maxEntries + " entries)";
                    case Errno.EEXIST -> "the key exists and BPF_NOEXIST was given";
                    case Errno.EPERM -> io.tracejob.agent.sys.Capabilities.hint("CAP_BPF");
                    case Errno.EINVAL -> "bad flags or element for a " + type + " map";
                    default -> null;
                };
        return new SyscallException("bpf(" + cmd.uapiName() + ") on " + this, errno, hint);
    }

    private static Memory copy(byte[] b) {
        Memory m = new Memory(Math.max(1, b.length));
        m.write(0, b, 0, b.length);
        return m;
    }

    private void checkKey(byte[] key) {
        if (type.keyless())
            throw new IllegalStateException(
                    "map '" + name + "' is a " + type + " map without keys");
        if (key == null || key.length != keySize) {
            throw new IllegalArgumentException(
                    "map '"
                            + name
                            + "': key must be "
                            + keySize
                            + " bytes, was "
                            + (key == null ? "null" : key.length + " bytes"));
        }
    }

    private void checkValue(byte[] value) {
        int want = userValueSize();
        if (value == null || value.length != want) {
            throw new IllegalArgumentException(
                    "map '"
                            + name
                            + "': value must be "
                            + want
                            + " bytes"
                            + (type.perCpu()
                                    ? " ("
                                            + perCpuStride()
                                            + " per possible CPU × "
                                            + PossibleCpus.count()
                                            + ")"
                                    : "")
                            + ", was "
                            + (value == null ? "null" : value.length + " bytes"));
        }
    }
}
