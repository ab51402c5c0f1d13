package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.Syscalls;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Uprobes attached as one BPF link (BPF_LINK_CREATE, BPF_TRACE_UPROBE_MULTI, kernel 6.6+): every offset of one
 * binary runs the same program, for one process (its thread group; children are not included) or, with pid 0,
 * for every process that maps the binary. Unlike a uprobe perf event, which on kernel 6.18 needs
 * CAP_SYS_ADMIN (EACCES with CAP_PERFMON alone, measured), this needs only CAP_BPF + CAP_PERFMON.
 */
public final class UprobeMultiLink implements AutoCloseable {
    /** enum bpf_attach_type BPF_TRACE_UPROBE_MULTI */
    public static final int ATTACH_TYPE = 48;
    static final int FLAG_RETURN = 1;

    private final KernelFd fd;

    private UprobeMultiLink(int fd, String what) {
        this.fd = new KernelFd(fd, what);
    }

    /**
     * @param refCtrOffsets per offset, the file offset of a USDT semaphore the kernel raises while attached, or 0
     * @param pid           a process (tgid) or 0 for every process mapping the binary
     */
    public static UprobeMultiLink attach(BpfProgram program, Path binary, List<Long> offsets, List<Long> refCtrOffsets, boolean returnProbe, int pid)
            throws SyscallException {
        if (offsets.isEmpty() || offsets.size() != refCtrOffsets.size()) throw new IllegalArgumentException("uprobe_multi needs one ref_ctr offset per offset");
        String what = (returnProbe ? "uretprobe" : "uprobe") + " link " + binary + " at " + offsets.size() + " offset(s)" + (pid > 0 ? " pid " + pid : " all processes");
        byte[] p = binary.toString().getBytes(StandardCharsets.UTF_8);
        Memory path = new Memory(p.length + 1);
        path.write(0, p, 0, p.length);
        path.setByte(p.length, (byte) 0);
        Memory offs = new Memory(8L * offsets.size());
        Memory refs = new Memory(8L * offsets.size());
        for (int i = 0; i < offsets.size(); i++) {
            offs.setLong(8L * i, offsets.get(i));
            refs.setLong(8L * i, refCtrOffsets.get(i));
        }
        Memory attr = Attr.zeroed();
        attr.setInt(0, program.fd());          // link_create.prog_fd
        attr.setInt(8, ATTACH_TYPE);           // link_create.attach_type
        attr.setPointer(16, path);             // uprobe_multi.path
        attr.setPointer(24, offs);             // uprobe_multi.offsets
        attr.setPointer(32, refs);             // uprobe_multi.ref_ctr_offsets
        attr.setInt(48, offsets.size());       // uprobe_multi.cnt
        attr.setInt(52, returnProbe ? FLAG_RETURN : 0);
        attr.setInt(56, Math.max(pid, 0));     // uprobe_multi.pid
        try {
            return new UprobeMultiLink(Syscalls.bpf(BpfCommand.LINK_CREATE, attr, Attr.SIZE), what);
        } catch (SyscallException e) {
            String hint = switch (e.errno()) {
                case Errno.ENOENT -> "no such file " + binary;
                case Errno.ESRCH -> "no such process " + pid;
                case Errno.EINVAL -> "the kernel rejected the probe (offset not in an executable part of the file, or a kernel without uprobe_multi links, < 6.6)";
                case Errno.EPERM, Errno.EACCES -> io.tracejob.agent.sys.Capabilities.hint("CAP_BPF", "CAP_PERFMON", "CAP_SYS_PTRACE");
                default -> null;
            };
            throw new SyscallException("bpf(BPF_LINK_CREATE) of " + what, e.errno(), hint);
        } finally {
            Reference.reachabilityFence(path);
            Reference.reachabilityFence(offs);
            Reference.reachabilityFence(refs);
        }
    }

    /** Removes the probes (blocks while the kernel takes the breakpoints out). */
    @Override
    public void close() {
        fd.close();
    }
}
