package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_MAP_CREATE: the first anonymous struct of {@code union bpf_attr} (include/uapi/linux/bpf.h).
 */
public final class MapCreateAttr extends BpfAttr {
    static final StructField MAP_TYPE = new StructField("map_type", 0, 4);
    static final StructField KEY_SIZE = new StructField("key_size", 4, 4);
    static final StructField VALUE_SIZE = new StructField("value_size", 8, 4);
    static final StructField MAX_ENTRIES = new StructField("max_entries", 12, 4);
    static final StructField MAP_FLAGS = new StructField("map_flags", 16, 4);

    /** char map_name[BPF_OBJ_NAME_LEN] */
    static final StructField MAP_NAME = new StructField("map_name", 28, 16);

    public static final StructLayout LAYOUT =
            new StructLayout(
                    "union bpf_attr",
                    SIZE,
                    MAP_TYPE,
                    KEY_SIZE,
                    VALUE_SIZE,
                    MAX_ENTRIES,
                    MAP_FLAGS,
                    MAP_NAME);

    public MapCreateAttr(
            int mapType, int keySize, int valueSize, int maxEntries, int mapFlags, String name) {
        super(BpfCommand.MAP_CREATE);
        setU32(MAP_TYPE, mapType);
        setU32(KEY_SIZE, keySize);
        setU32(VALUE_SIZE, valueSize);
        setU32(MAX_ENTRIES, maxEntries);
        setU32(MAP_FLAGS, mapFlags);
        setChars(MAP_NAME, name);
    }
}
