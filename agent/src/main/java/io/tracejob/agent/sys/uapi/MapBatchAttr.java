package io.tracejob.agent.sys.uapi;

import com.sun.jna.Pointer;
import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_MAP_LOOKUP_BATCH: the {@code batch} struct of {@code union bpf_attr}
 * (include/uapi/linux/bpf.h).
 */
public final class MapBatchAttr extends BpfAttr {
    static final StructField IN_BATCH = new StructField("batch.in_batch", 0, 8);
    static final StructField OUT_BATCH = new StructField("batch.out_batch", 8, 8);
    static final StructField KEYS = new StructField("batch.keys", 16, 8);
    static final StructField VALUES = new StructField("batch.values", 24, 8);

    /** in: room in keys/values; out: elements returned */
    static final StructField COUNT = new StructField("batch.count", 32, 4);

    static final StructField MAP_FD = new StructField("batch.map_fd", 36, 4);
    public static final StructLayout LAYOUT =
            new StructLayout(
                    "union bpf_attr", SIZE, IN_BATCH, OUT_BATCH, KEYS, VALUES, COUNT, MAP_FD);

    /**
     * @param inBatch null for the first call, then the previous call's out_batch
     */
    public MapBatchAttr(
            int mapFd, Pointer inBatch, Pointer outBatch, Pointer keys, Pointer values, int count) {
        super(BpfCommand.MAP_LOOKUP_BATCH);
        setPointer(IN_BATCH, inBatch);
        setPointer(OUT_BATCH, outBatch);
        setPointer(KEYS, keys);
        setPointer(VALUES, values);
        setU32(COUNT, count);
        setU32(MAP_FD, mapFd);
    }

    /** Elements the kernel copied out, after the call. */
    public int count() {
        return u32(COUNT);
    }
}
