package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.BpfCommand;

/**
 * BPF_OBJ_GET_INFO_BY_FD: the {@code info} struct of {@code union bpf_attr}
 * (include/uapi/linux/bpf.h).
 */
public final class ObjInfoAttr extends BpfAttr {
    static final StructField BPF_FD = new StructField("info.bpf_fd", 0, 4);

    /** in: bytes of room in {@code info}; out: bytes the kernel filled */
    static final StructField INFO_LEN = new StructField("info.info_len", 4, 4);

    static final StructField INFO = new StructField("info.info", 8, 8);
    public static final StructLayout LAYOUT =
            new StructLayout("union bpf_attr", SIZE, BPF_FD, INFO_LEN, INFO);

    public ObjInfoAttr(int fd, ProgInfo info) {
        super(BpfCommand.OBJ_GET_INFO_BY_FD);
        setU32(BPF_FD, fd);
        setU32(INFO_LEN, ProgInfo.LAYOUT.size());
        setPointer(INFO, info.pointer());
    }

    /** Bytes of the info structure this kernel knows and filled, after the call. */
    public int infoLength() {
        return u32(INFO_LEN);
    }
}
