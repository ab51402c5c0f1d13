package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.Syscalls;
import java.lang.ref.Reference;

/**
 * {@code struct perf_event_attr} (include/uapi/linux/perf_event.h): the fields a BPF-running event
 * needs.
 */
public final class PerfEventAttr extends NativeStruct {
    /**
     * PERF_ATTR_SIZE_VER7: covers every field we set and is accepted by 5.13+ (and by later
     * kernels).
     */
    public static final int SIZE = 128;

    static final StructField TYPE = new StructField("type", 0, 4);
    static final StructField SIZE_FIELD = new StructField("size", 4, 4);
    static final StructField CONFIG = new StructField("config", 8, 8);

    /** union { sample_period; sample_freq; } */
    static final StructField SAMPLE_PERIOD = new StructField("sample_period", 16, 8);

    /**
     * the bit-field word after read_format (disabled is bit 0); never set inherit (bit 1): see
     * kernel facts
     */
    static final StructField FLAGS = new StructField("flags", 40, 8);

    /** union { wakeup_events; wakeup_watermark; } */
    static final StructField WAKEUP_EVENTS = new StructField("wakeup_events", 48, 4);

    /** union { bp_addr; kprobe_func; uprobe_path; config1; } */
    static final StructField CONFIG1 = new StructField("config1", 56, 8);

    /** union { bp_len; kprobe_addr; probe_offset; config2; } */
    static final StructField CONFIG2 = new StructField("config2", 64, 8);

    public static final StructLayout LAYOUT =
            new StructLayout(
                    "struct perf_event_attr",
                    SIZE,
                    TYPE,
                    SIZE_FIELD,
                    CONFIG,
                    SAMPLE_PERIOD,
                    FLAGS,
                    WAKEUP_EVENTS,
                    CONFIG1,
                    CONFIG2);

    /** enum perf_type_id PERF_TYPE_TRACEPOINT */
    public static final int TYPE_TRACEPOINT = 2;

    /** the {@code disabled} bit of the flags word */
    static final long FLAG_DISABLED = 1;

    /**
     * One firing per event (sample_period 1, wakeup_events 1), opened disabled: the caller enables
     * it once its program is attached.
     */
    public PerfEventAttr(int type, long config) {
        super(SIZE);
        setU32(TYPE, type);
        setU32(SIZE_FIELD, SIZE);
        setU64(CONFIG, config);
        setU64(SAMPLE_PERIOD, 1);
        setU64(FLAGS, FLAG_DISABLED);
        setU32(WAKEUP_EVENTS, 1);
    }

    /**
     * A uprobe: the binary (config1 = uprobe_path) and the file offset (config2 = probe_offset).
     */
    public PerfEventAttr uprobe(String binary, long fileOffset) {
        setString(CONFIG1, binary);
        setU64(CONFIG2, fileOffset);
        return this;
    }

    /** perf_event_open(this, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC). */
    public int open(int pid, int cpu) throws SyscallException {
        try {
            return Syscalls.perfEventOpen(pointer(), pid, cpu, -1, Syscalls.PERF_FLAG_FD_CLOEXEC);
        } finally {
            Reference.reachabilityFence(this); // the kernel reads the path during the call
        }
    }
}
