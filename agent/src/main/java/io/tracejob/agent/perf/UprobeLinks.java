package io.tracejob.agent.perf;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;

/**
 * Whether uprobes go in through uprobe_multi BPF links rather than perf_event_open. Since Linux 6.16 (and its stable
 * backports, upstream ba677dbe "perf: Revert to requiring CAP_SYS_ADMIN for uprobes") a uprobe perf event needs
 * CAP_SYS_ADMIN, which the agent pod does not have; a uprobe_multi link (6.6+) needs only CAP_BPF + CAP_PERFMON.
 * So links are used wherever the kernel has them, as root too, so every test runs the path the pod runs.
 */
public final class UprobeLinks {
    private UprobeLinks() {}

    private static volatile Boolean supported;

    /** True when the kernel accepts a KPROBE program that expects a uprobe_multi link (found once, by loading one). */
    public static boolean supported() throws SyscallException {
        Boolean s = supported;
        if (s != null) return s;
        try (BpfProgram p = BpfProgram.load(ProgramType.KPROBE, BpfProgram.ATTACH_UPROBE_MULTI, "tj_um_check",
                new Asm().mov(Reg.R0, 0).exit().build(), "GPL")) {
            s = true;
        } catch (SyscallException e) {
            if (e.errno() != Errno.EINVAL) throw e; // EPERM names the capability; EINVAL is an older kernel
            s = false;
        }
        supported = s;
        return s;
    }

    /** The attach type uprobe programs should be loaded with: uprobe_multi where supported, else none (perf events). */
    public static int attachType() throws SyscallException {
        return supported() ? BpfProgram.ATTACH_UPROBE_MULTI : 0;
    }
}
