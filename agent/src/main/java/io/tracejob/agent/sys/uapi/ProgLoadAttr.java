package io.tracejob.agent.sys.uapi;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;

/** BPF_PROG_LOAD: the program-load struct of {@code union bpf_attr} (include/uapi/linux/bpf.h). */
public final class ProgLoadAttr extends BpfAttr {
    static final StructField PROG_TYPE = new StructField("prog_type", 0, 4);
    static final StructField INSN_CNT = new StructField("insn_cnt", 4, 4);
    static final StructField INSNS = new StructField("insns", 8, 8);
    static final StructField LICENSE = new StructField("license", 16, 8);
    static final StructField LOG_LEVEL = new StructField("log_level", 24, 4);
    static final StructField LOG_SIZE = new StructField("log_size", 28, 4);
    static final StructField LOG_BUF = new StructField("log_buf", 32, 8);

    /** char prog_name[BPF_OBJ_NAME_LEN] */
    static final StructField PROG_NAME = new StructField("prog_name", 48, 16);

    static final StructField EXPECTED_ATTACH_TYPE = new StructField("expected_attach_type", 68, 4);
    static final StructField ATTACH_BTF_ID = new StructField("attach_btf_id", 108, 4);
    public static final StructLayout LAYOUT =
            new StructLayout(
                    "union bpf_attr",
                    SIZE,
                    PROG_TYPE,
                    INSN_CNT,
                    INSNS,
                    LICENSE,
                    LOG_LEVEL,
                    LOG_SIZE,
                    LOG_BUF,
                    PROG_NAME,
                    EXPECTED_ATTACH_TYPE,
                    ATTACH_BTF_ID);

    /**
     * @param image the instructions, 8 bytes each
     * @param expectedAttachType enum bpf_attach_type, 0 when the program type needs none
     */
    public ProgLoadAttr(
            int progType, Memory image, String license, String name, int expectedAttachType) {
        super(BpfCommand.PROG_LOAD);
        setU32(PROG_TYPE, progType);
        setU32(INSN_CNT, (int) (image.size() / 8));
        setPointer(INSNS, image);
        setString(LICENSE, license);
        setChars(PROG_NAME, name);
        setU32(EXPECTED_ATTACH_TYPE, expectedAttachType);
    }

    /** Asks the verifier for its log (level 1) into {@code buffer}. */
    public ProgLoadAttr withLog(Memory buffer) {
        setU32(LOG_LEVEL, 1);
        setU32(LOG_SIZE, (int) buffer.size());
        setPointer(LOG_BUF, buffer);
        return this;
    }

    /**
     * For tracing programs (fentry/fexit): the in-kernel BTF type id of the function to attach to.
     */
    public ProgLoadAttr attachBtfId(int id) {
        setU32(ATTACH_BTF_ID, id);
        return this;
    }
}
