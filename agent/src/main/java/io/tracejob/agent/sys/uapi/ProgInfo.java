package io.tracejob.agent.sys.uapi;

/**
 * {@code struct bpf_prog_info} (include/uapi/linux/bpf.h): the two run statistics the agent reads.
 */
public final class ProgInfo extends NativeStruct {
    static final StructField RUN_TIME_NS = new StructField("run_time_ns", 192, 8);
    static final StructField RUN_CNT = new StructField("run_cnt", 200, 8);

    /**
     * sizeof(struct bpf_prog_info) in the 6.1 headers; a newer kernel fills only what we give room
     * for.
     */
    public static final StructLayout LAYOUT =
            new StructLayout("struct bpf_prog_info", 232, RUN_TIME_NS, RUN_CNT);

    public ProgInfo() {
        super(LAYOUT.size());
    }

    /**
     * Whether an info of {@code filled} bytes (older kernels know fewer fields) reaches run_cnt.
     */
    public static boolean hasRunStats(int filled) {
        return filled >= RUN_CNT.offset() + RUN_CNT.width();
    }

    public long runCount() {
        return u64(RUN_CNT);
    }

    public long runTimeNanos() {
        return u64(RUN_TIME_NS);
    }
}
