package io.tracejob.agent.capabilities;

import com.sun.jna.Memory;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.btf.VmlinuxBtf;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.Syscalls;
import io.tracejob.agent.sys.uapi.ProgLoadAttr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The agent's one fentry trial: loads (and at once closes) an empty fentry program on a kernel
 * function: BPF_PROG_TYPE_TRACING with expected_attach_type BPF_TRACE_FENTRY and the function's BTF
 * id. Loading is what the kernel gates (lockdown, JIT, trampolines); a program that loads will
 * attach. It attaches nothing, takes a few milliseconds and yields the kernel's errno, which
 * bpftrace 0.17 does not ("kfunc/kretfunc not available for your kernel version" whatever the
 * cause).
 */
public final class FentryTrial {
    /**
     * Kernel functions present on every kernel the agent supports, tried in order (the first found
     * is loaded).
     */
    static final List<String> FUNCTIONS = List.of("do_sys_openat2", "vfs_read");

    /** enum bpf_attach_type BPF_TRACE_FENTRY (include/uapi/linux/bpf.h) */
    private static final int BPF_TRACE_FENTRY = 24;

    private FentryTrial() {}

    /**
     * @param errno 0 when the program loaded, the kernel's errno when the load was refused, -1 when
     *     not attempted
     * @param notAttempted why no load was tried (BTF unreadable, no trial function in it), else
     *     null
     * @param checked what was looked up and tried, in order, with what was found
     */
    public record Outcome(int errno, String notAttempted, List<String> checked) {
        public Outcome {
            checked = List.copyOf(checked);
        }

        public boolean loaded() {
            return errno == 0;
        }
    }

    /**
     * Reads the kernel BTF and loads the trial program on the first of {@link #FUNCTIONS} it has.
     */
    public static Outcome run() {
        List<String> checked = new ArrayList<>();
        VmlinuxBtf.Types btf;
        try {
            btf = VmlinuxBtf.read();
        } catch (IOException e) {
            return new Outcome(
                    -1, "cannot read " + VmlinuxBtf.VMLINUX + ": " + e.getMessage(), checked);
        }
        for (String fn : FUNCTIONS) {
            OptionalInt id = VmlinuxBtf.funcId(btf, fn);
            if (id.isEmpty()) {
                checked.add("BTF FUNC " + fn + ": not found");
                continue;
            }
            checked.add("BTF FUNC " + fn + ": id " + id.getAsInt());
            int errno = load(id.getAsInt());
            checked.add(
                    "trial fentry program on "
                            + fn
                            + ": "
                            + (errno == 0
                                    ? "loaded"
                                    : Errno.name(errno) + " (" + Errno.meaning(errno) + ")"));
            return new Outcome(errno, null, checked);
        }
        return new Outcome(-1, "none of " + FUNCTIONS + " is a FUNC in the kernel BTF", checked);
    }

    /** 0 when the load succeeded, else the errno. */
    static int load(int btfId) {
        byte[] image = new Asm().mov(Reg.R0, 0).exit().encode();
        Memory code = new Memory(image.length);
        code.write(0, image, 0, image.length);
        long r =
                new ProgLoadAttr(
                                ProgramType.TRACING.code,
                                code,
                                "GPL",
                                "tj_cap_fentry",
                                BPF_TRACE_FENTRY)
                        .attachBtfId(btfId)
                        .callOrErrno();
        if (r >= 0) {
            Syscalls.close((int) r);
            return 0;
        }
        return (int) -r == 0 ? Errno.EINVAL : (int) -r;
    }
}
