package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_RAW_TRACEPOINT_OPEN: the {@code raw_tracepoint} struct of {@code union bpf_attr}
 * (include/uapi/linux/bpf.h).
 */
public final class RawTracepointOpenAttr extends BpfAttr {
    static final StructField NAME = new StructField("raw_tracepoint.name", 0, 8);
    static final StructField PROG_FD = new StructField("raw_tracepoint.prog_fd", 8, 4);
    public static final StructLayout LAYOUT =
            new StructLayout("union bpf_attr", SIZE, NAME, PROG_FD);

    /**
     * @param tracepoint a kernel tracepoint name the caller has checked
     */
    public RawTracepointOpenAttr(String tracepoint, int progFd) {
        super(BpfCommand.RAW_TRACEPOINT_OPEN);
        setString(NAME, tracepoint);
        setU32(PROG_FD, progFd);
    }
}
