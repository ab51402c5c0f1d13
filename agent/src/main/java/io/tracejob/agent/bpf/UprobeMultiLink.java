package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.LinkCreateUprobeMultiAttr;
import java.nio.file.Path;
import java.util.List;

/**
 * Uprobes attached as one BPF link (BPF_LINK_CREATE, BPF_TRACE_UPROBE_MULTI, kernel 6.6+): every
 * offset of one binary runs the same program, for one process (its thread group; children are not
 * included) or, with pid 0, for every process that maps the binary. Unlike a uprobe perf event,
 * which on kernel 6.18 needs CAP_SYS_ADMIN (EACCES with CAP_PERFMON alone, measured), this needs
 * only CAP_BPF + CAP_PERFMON.
 */
public final class UprobeMultiLink implements AutoCloseable {
    /** The attach type a program must be loaded with to run from such a link. */
    public static final int ATTACH_TYPE = LinkCreateUprobeMultiAttr.BPF_TRACE_UPROBE_MULTI;

    /**
     * The attach type of a session program (kernel 6.13+): one link runs it at a call's entry and,
     * when the entry returned 0, again at its return.
     */
    public static final int SESSION_ATTACH_TYPE =
            LinkCreateUprobeMultiAttr.BPF_TRACE_UPROBE_SESSION;

    private final KernelFd fd;

    private UprobeMultiLink(int fd, String what) {
        this.fd = new KernelFd(fd, what);
    }

    /**
     * @param refCtrOffsets per offset, the file offset of a USDT semaphore the kernel raises while
     *     attached, or 0
     * @param pid a process (tgid) or 0 for every process mapping the binary
     */
    public static UprobeMultiLink attach(
            BpfProgram program,
            Path binary,
            List<Long> offsets,
            List<Long> refCtrOffsets,
            boolean returnProbe,
            int pid)
            throws SyscallException {
        return attach(program, false, binary, offsets, refCtrOffsets, returnProbe, pid);
    }

    /**
     * @param session the program was loaded with {@link #SESSION_ATTACH_TYPE}: it runs at entry and
     *     return from this one link ({@code returnProbe} must then be false)
     */
    public static UprobeMultiLink attach(
            BpfProgram program,
            boolean session,
            Path binary,
            List<Long> offsets,
            List<Long> refCtrOffsets,
            boolean returnProbe,
            int pid)
            throws SyscallException {
        if (session && returnProbe)
            throw new IllegalArgumentException("a session link is not a return probe");
        if (offsets.isEmpty() || offsets.size() != refCtrOffsets.size())
            throw new IllegalArgumentException("uprobe_multi needs one ref_ctr offset per offset");
        String what =
                (session ? "uprobe session" : returnProbe ? "uretprobe" : "uprobe")
                        + " link "
                        + binary
                        + " at "
                        + offsets.size()
                        + " offset(s)"
                        + (pid > 0 ? " pid " + pid : " all processes");
        var attr =
                new LinkCreateUprobeMultiAttr(
                        program.fd(),
                        session ? SESSION_ATTACH_TYPE : ATTACH_TYPE,
                        binary.toString(),
                        offsets,
                        refCtrOffsets,
                        returnProbe,
                        Math.max(pid, 0));
        try {
            return new UprobeMultiLink(attr.call(), what);
        } catch (SyscallException e) {
            String hint =
                    switch (e.errno()) {
                        case Errno.ENOENT -> "no such file " + binary;
                        case Errno.ESRCH -> "no such process " + pid;
                        case Errno.EINVAL ->
                                "the kernel rejected the probe (offset not in an executable part of the file, or a kernel without uprobe_multi links, < 6.6)";
                        case Errno.EPERM, Errno.EACCES ->
                                io.tracejob.agent.sys.Capabilities.hint(
                                        "CAP_BPF", "CAP_PERFMON", "CAP_SYS_PTRACE");
                        default -> null;
                    };
            throw new SyscallException("bpf(BPF_LINK_CREATE) of " + what, e.errno(), hint);
        }
    }

    /** Removes the probes (blocks while the kernel takes the breakpoints out). */
    @Override
    public void close() {
        fd.close();
    }
}
