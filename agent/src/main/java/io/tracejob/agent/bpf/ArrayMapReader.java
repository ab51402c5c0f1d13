package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.MapBatchAttr;

/**
 * Reads every index of an array map into one native buffer, {@code stride} bytes per value: with
 * BPF_MAP_LOOKUP_BATCH (5.6+) in one or a few calls, else one lookup per index.
 */
final class ArrayMapReader {
    /** null = not yet probed; the kernel either has batch lookup for arrays or not. */
    private static volatile Boolean batchSupported;

    private ArrayMapReader() {}

    static Memory readAll(BpfMap map, int stride) throws SyscallException {
        Memory values = batchSupported != Boolean.FALSE ? byBatch(map, stride) : null;
        return values != null ? values : byLookup(map, stride);
    }

    /**
     * @return null when the kernel lacks batch lookup for this map
     */
    static Memory byBatch(BpfMap map, int stride) throws SyscallException {
        int entries = map.maxEntries();
        Memory keys = new Memory(4L * entries);
        Memory values = new Memory((long) stride * entries);
        Memory outBatch = new Memory(4);
        Memory inBatch = null;
        int done = 0;
        while (done < entries) {
            MapBatchAttr attr =
                    new MapBatchAttr(
                            map.fd(),
                            inBatch,
                            outBatch,
                            keys.share(4L * done),
                            values.share((long) stride * done),
                            entries - done);
            long r = attr.callOrErrno();
            int got = attr.count();
            if (r < 0 && r != -Errno.ENOENT) {
                int errno = (int) -r;
                if (done == 0
                        && (errno == Errno.EINVAL
                                || errno == Errno.ENOTSUPP
                                || errno == Errno.EOPNOTSUPP
                                || errno == Errno.ENOSYS)) {
                    batchSupported = Boolean.FALSE;
                    return null;
                }
                throw map.elemFailure(BpfCommand.MAP_LOOKUP_BATCH, errno);
            }
            done += got;
            if (r == -Errno.ENOENT || got == 0) break;
            if (inBatch == null) inBatch = new Memory(4);
            inBatch.setInt(0, outBatch.getInt(0));
        }
        batchSupported = Boolean.TRUE;
        if (done != entries) {
            throw new IllegalStateException(
                    "map '"
                            + map.name()
                            + "': batch lookup returned "
                            + done
                            + " of "
                            + entries
                            + " array entries");
        }
        return values;
    }

    static Memory byLookup(BpfMap map, int stride) throws SyscallException {
        Memory values = new Memory((long) stride * map.maxEntries());
        Memory key = new Memory(4);
        for (int i = 0; i < map.maxEntries(); i++) {
            key.setInt(0, i);
            map.lookupInto(key, values.share((long) stride * i));
        }
        return values;
    }
}
