package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.RawTracepointOpenAttr;

/**
 * A RAW_TRACEPOINT program attached to a kernel tracepoint by name with BPF_RAW_TRACEPOINT_OPEN: no
 * tracefs lookup, no perf event. The program runs for every task on every CPU until {@link #close};
 * it sees the tracepoint's C arguments as {@code u64 args[]}. Needs CAP_BPF + CAP_PERFMON.
 */
public final class RawTracepoint implements AutoCloseable {
    private final KernelFd fd;

    private RawTracepoint(int fd, String name) {
        this.fd = new KernelFd(fd, "raw tracepoint " + name);
    }

    public static RawTracepoint attach(String name, BpfProgram program) throws SyscallException {
        if (!name.matches("[a-z0-9_]{1,64}"))
            throw new IllegalArgumentException(
                    "raw tracepoint name '" + name + "' is not a kernel tracepoint name");
        var attr = new RawTracepointOpenAttr(name, program.fd());
        try {
            return new RawTracepoint(attr.call(), name);
        } catch (SyscallException e) {
            String hint =
                    switch (e.errno()) {
                        case Errno.ENOENT -> "the kernel has no tracepoint " + name;
                        case Errno.EPERM, Errno.EACCES -> "needs CAP_BPF + CAP_PERFMON (or root)";
                        default -> null;
                    };
            throw new SyscallException(
                    "bpf(BPF_RAW_TRACEPOINT_OPEN) of " + program + " on " + name, e.errno(), hint);
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
