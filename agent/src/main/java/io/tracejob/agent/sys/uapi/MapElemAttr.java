package io.tracejob.agent.sys.uapi;

import com.sun.jna.Pointer;
import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_MAP_*_ELEM and BPF_MAP_GET_NEXT_KEY: {@code union bpf_attr}'s map element struct
 * (include/uapi/linux/bpf.h), where {@code value} and {@code next_key} share one slot.
 */
public final class MapElemAttr extends BpfAttr {
    static final StructField MAP_FD = new StructField("map_fd", 0, 4);
    static final StructField KEY = new StructField("key", 8, 8);

    /** union { value; next_key; } */
    static final StructField VALUE = new StructField("value", 16, 8);

    static final StructField NEXT_KEY = new StructField("next_key", 16, 8);
    static final StructField FLAGS = new StructField("flags", 24, 8);
    public static final StructLayout LAYOUT =
            new StructLayout("union bpf_attr", SIZE, MAP_FD, KEY, VALUE, NEXT_KEY, FLAGS);

    /**
     * @param key null for queue/stack maps and for the first GET_NEXT_KEY
     * @param valueOrNext the value buffer, or the next-key buffer for BPF_MAP_GET_NEXT_KEY; null
     *     for delete
     * @param flags BPF_ANY, BPF_NOEXIST, BPF_EXIST for updates; 0 otherwise
     */
    public MapElemAttr(
            BpfCommand command, int mapFd, Pointer key, Pointer valueOrNext, long flags) {
        super(command);
        setU32(MAP_FD, mapFd);
        setPointer(KEY, key);
        setPointer(command == BpfCommand.MAP_GET_NEXT_KEY ? NEXT_KEY : VALUE, valueOrNext);
        setU64(FLAGS, flags);
    }
}
