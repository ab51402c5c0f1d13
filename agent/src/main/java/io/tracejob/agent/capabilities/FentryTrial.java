package io.tracejob.agent.capabilities;

import com.sun.jna.Memory;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.Syscalls;
import java.nio.charset.StandardCharsets;

/**
 * Loads (and at once closes) an empty fentry program on a kernel function: BPF_PROG_TYPE_TRACING with
 * expected_attach_type BPF_TRACE_FENTRY and the function's BTF id. Loading is what the kernel gates (lockdown,
 * JIT, trampolines); a program that loads will attach.
 */
final class FentryTrial {
    private static final int PROG_TYPE_TRACING = 26;
    private static final int BPF_TRACE_FENTRY = 24;
    // offsets in union bpf_attr for BPF_PROG_LOAD (include/uapi/linux/bpf.h)
    private static final int INSN_CNT = 4, INSNS = 8, LICENSE = 16, PROG_NAME = 48, EXPECTED_ATTACH_TYPE = 68, ATTACH_BTF_ID = 108;
    private static final int ATTR_SIZE = 160;

    private FentryTrial() {}

    /** 0 when the load succeeded, else the errno. */
    static int load(int btfId) {
        byte[] image = new Asm().mov(Reg.R0, 0).exit().encode();
        Memory code = new Memory(image.length);
        code.write(0, image, 0, image.length);
        byte[] gpl = "GPL\0".getBytes(StandardCharsets.US_ASCII);
        Memory license = new Memory(gpl.length);
        license.write(0, gpl, 0, gpl.length);
        byte[] name = "tj_cap_fentry".getBytes(StandardCharsets.US_ASCII);

        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, PROG_TYPE_TRACING);
        attr.setInt(INSN_CNT, image.length / 8);
        attr.setPointer(INSNS, code);
        attr.setPointer(LICENSE, license);
        attr.write(PROG_NAME, name, 0, name.length);
        attr.setInt(EXPECTED_ATTACH_TYPE, BPF_TRACE_FENTRY);
        attr.setInt(ATTACH_BTF_ID, btfId);
        long r = Syscalls.bpfOrErrno(BpfCommand.PROG_LOAD, attr, ATTR_SIZE);
        if (r >= 0) {
            Syscalls.close((int) r);
            return 0;
        }
        return (int) -r == 0 ? Errno.EINVAL : (int) -r;
    }
}
