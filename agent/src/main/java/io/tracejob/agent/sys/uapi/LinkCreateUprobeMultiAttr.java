package io.tracejob.agent.sys.uapi;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import java.util.List;

/**
 * BPF_LINK_CREATE with attach type BPF_TRACE_UPROBE_MULTI: the {@code link_create} struct of {@code
 * union bpf_attr} and its {@code uprobe_multi} member (include/uapi/linux/bpf.h, Linux 6.6+).
 */
public final class LinkCreateUprobeMultiAttr extends BpfAttr {
    private static final String SINCE = "6.6";
    static final StructField PROG_FD = new StructField("link_create.prog_fd", 0, 4);
    static final StructField ATTACH_TYPE = new StructField("link_create.attach_type", 8, 4);
    static final StructField PATH = new StructField("link_create.uprobe_multi.path", 16, 8, SINCE);
    static final StructField OFFSETS =
            new StructField("link_create.uprobe_multi.offsets", 24, 8, SINCE);
    static final StructField REF_CTR_OFFSETS =
            new StructField("link_create.uprobe_multi.ref_ctr_offsets", 32, 8, SINCE);
    static final StructField CNT = new StructField("link_create.uprobe_multi.cnt", 48, 4, SINCE);
    static final StructField FLAGS =
            new StructField("link_create.uprobe_multi.flags", 52, 4, SINCE);
    static final StructField PID = new StructField("link_create.uprobe_multi.pid", 56, 4, SINCE);
    public static final StructLayout LAYOUT =
            new StructLayout(
                    "union bpf_attr",
                    SIZE,
                    PROG_FD,
                    ATTACH_TYPE,
                    PATH,
                    OFFSETS,
                    REF_CTR_OFFSETS,
                    CNT,
                    FLAGS,
                    PID);

    /** enum bpf_attach_type BPF_TRACE_UPROBE_MULTI */
    public static final int BPF_TRACE_UPROBE_MULTI = 48;

    /**
     * enum bpf_attach_type BPF_TRACE_UPROBE_SESSION (6.13+): one program for the entry and the
     * return of each call
     */
    public static final int BPF_TRACE_UPROBE_SESSION = 57;

    /** BPF_F_UPROBE_MULTI_RETURN */
    static final int FLAG_RETURN = 1;

    /**
     * @param attachType {@link #BPF_TRACE_UPROBE_MULTI} or {@link #BPF_TRACE_UPROBE_SESSION} (then
     *     not a return probe: the session program runs at both ends)
     * @param refCtrOffsets per offset, the file offset of a USDT semaphore (0 for none); same
     *     length as offsets
     * @param pid a process (tgid), or 0 for every process that maps the binary
     */
    public LinkCreateUprobeMultiAttr(
            int progFd,
            int attachType,
            String binary,
            List<Long> offsets,
            List<Long> refCtrOffsets,
            boolean returnProbe,
            int pid) {
        super(BpfCommand.LINK_CREATE);
        setU32(PROG_FD, progFd);
        setU32(ATTACH_TYPE, attachType);
        setString(PATH, binary);
        setPointer(OFFSETS, u64Array(offsets));
        setPointer(REF_CTR_OFFSETS, u64Array(refCtrOffsets));
        setU32(CNT, offsets.size());
        setU32(FLAGS, returnProbe ? FLAG_RETURN : 0);
        setU32(PID, pid);
    }

    private static Memory u64Array(List<Long> values) {
        Memory m = new Memory(8L * values.size());
        for (int i = 0; i < values.size(); i++) m.setLong(8L * i, values.get(i));
        return m;
    }
}
