package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_ENABLE_STATS: the {@code enable_stats} struct of {@code union bpf_attr}
 * (include/uapi/linux/bpf.h).
 */
public final class EnableStatsAttr extends BpfAttr {
    static final StructField TYPE = new StructField("enable_stats.type", 0, 4);
    public static final StructLayout LAYOUT = new StructLayout("union bpf_attr", SIZE, TYPE);

    /** enum bpf_stats_type BPF_STATS_RUN_TIME */
    public static final int RUN_TIME = 0;

    public EnableStatsAttr(int statsType) {
        super(BpfCommand.ENABLE_STATS);
        setU32(TYPE, statsType);
    }
}
