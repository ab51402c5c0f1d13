package io.tracejob.agent.perf;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.sys.Capabilities;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.Syscalls;
import io.tracejob.agent.sys.uapi.PerfEventAttr;
import io.tracejob.agent.tracefs.TracefsRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One perf event (a uprobe or a tracepoint) that runs a BPF program. Uprobes install their
 * breakpoint at open time; the program runs from {@link #attach} until {@link #close} — which is
 * the only way to stop paying (ENABLE/DISABLE do not remove the breakpoint, see docs kernel facts).
 */
public final class PerfEvent implements AutoCloseable {
    static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    static final long PERF_EVENT_IOC_SET_BPF = 0x40042408L;
    static final Path TRACEFS = TracefsRoot.eventsOrDefault();

    private final String description;
    private final KernelFd fd;

    private PerfEvent(int fd, String description) {
        this.fd = new KernelFd(fd, description);
        this.description = description;
    }

    /**
     * Opens a uprobe (or uretprobe) on {@code binary} at {@code fileOffset} for every thread of
     * process {@code pid} (the tgid), or for every process when {@code pid} is -1.
     *
     * @param refCtrOffset file offset of a USDT semaphore to increment while the probe exists, or 0
     */
    public static PerfEvent uprobe(
            Path binary, long fileOffset, boolean returnProbe, int pid, long refCtrOffset)
            throws IOException {
        if (fileOffset < 0)
            throw new IllegalArgumentException("uprobe fileOffset must be >= 0, was " + fileOffset);
        if (refCtrOffset < 0 || refCtrOffset > 0xffffffffL) {
            throw new IllegalArgumentException(
                    "uprobe refCtrOffset must fit in 32 bits (config bits 32-63), was "
                            + refCtrOffset);
        }
        String what =
                (returnProbe ? "uretprobe" : "uprobe")
                        + " "
                        + binary
                        + "+0x"
                        + Long.toHexString(fileOffset)
                        + (pid >= 0 ? " pid " + pid : " all processes");
        UprobePmu pmu = UprobePmu.get();
        long config = 0;
        if (returnProbe) config |= 1L << pmu.retprobeShift();
        if (refCtrOffset != 0) config |= refCtrOffset << pmu.refCtrShift();

        PerfEventAttr attr =
                new PerfEventAttr(pmu.type(), config).uprobe(binary.toString(), fileOffset);
        try {
            // pid -1 with cpu -1 is EINVAL; a cpu-0 event still installs the probe in every process
            // and
            // runs the program on every CPU (as libbpf does).
            return new PerfEvent(attr.open(pid, pid >= 0 ? -1 : 0), what);
        } catch (SyscallException e) {
            throw new SyscallException(
                    "perf_event_open(" + what + ")", e.errno(), uprobeHint(e.errno(), binary, pid));
        }
    }

    private static String uprobeHint(int errno, Path binary, int pid) {
        return switch (errno) {
            case Errno.ENOENT ->
                    Files.exists(binary)
                            ? "the offset is not inside the file or not in an executable part of it"
                            : "no such file " + binary;
            case Errno.EINVAL ->
                    "the kernel rejected the probe (offset beyond the file, not at an instruction, or bad config bits)";
            case Errno.ESRCH -> "no such process " + pid;
            case Errno.EPERM, Errno.EACCES -> uprobePermissionHint();
            case Errno.EFAULT -> "the kernel could not read the path argument";
            default -> null;
        };
    }

    /**
     * A uprobe perf event needs CAP_SYS_ADMIN since Linux 6.16 (and stable backports), which is why
     * uprobes go in through uprobe_multi links wherever the kernel has them ({@link
     * io.tracejob.agent.bpf.UprobeMultiLink}); this path is the fallback for older kernels. Either
     * needs ptrace access to a process of another user.
     */
    private static String uprobePermissionHint() {
        if (Capabilities.has("CAP_PERFMON") && !Capabilities.has("CAP_SYS_ADMIN")) {
            return Capabilities.hint("CAP_SYS_ADMIN")
                    + " (a uprobe perf event needs it since Linux 6.16; this kernel has no uprobe_multi links, which need only CAP_BPF + CAP_PERFMON)";
        }
        return Capabilities.hint("CAP_PERFMON", "CAP_SYS_PTRACE")
                + " (CAP_SYS_PTRACE for a process of another user)";
    }

    /**
     * Opens a tracepoint event with pid -1, cpu 0: one event runs the program for every task on
     * every CPU, so the program must filter by tgid itself.
     */
    public static PerfEvent tracepoint(int tracepointId) throws SyscallException {
        PerfEventAttr attr = new PerfEventAttr(PerfEventAttr.TYPE_TRACEPOINT, tracepointId);
        String what = "tracepoint id " + tracepointId;
        try {
            return new PerfEvent(attr.open(-1, 0), what);
        } catch (SyscallException e) {
            String hint =
                    switch (e.errno()) {
                        case Errno.ENOENT, Errno.EINVAL -> "no tracepoint with id " + tracepointId;
                        case Errno.EPERM, Errno.EACCES -> Capabilities.hint("CAP_PERFMON");
                        default -> null;
                    };
            throw new SyscallException("perf_event_open(" + what + ")", e.errno(), hint);
        }
    }

    /** The id of tracepoint {@code category:name}, from tracefs. */
    public static int tracepointId(String category, String name) throws IOException {
        Path p = TRACEFS.resolve(category).resolve(name).resolve("id");
        if (!Files.exists(p)) {
            throw new IOException(
                    "no tracepoint "
                            + category
                            + ":"
                            + name
                            + " ("
                            + p
                            + " does not exist; is tracefs mounted at /sys/kernel/tracing?)");
        }
        return Integer.parseInt(Files.readString(p).trim());
    }

    /**
     * PERF_EVENT_IOC_SET_BPF then PERF_EVENT_IOC_ENABLE. The event keeps its own reference to the
     * program.
     */
    public void attach(BpfProgram prog) throws SyscallException {
        int f = fd();
        try {
            Syscalls.ioctl(f, PERF_EVENT_IOC_SET_BPF, prog.fd(), "PERF_EVENT_IOC_SET_BPF");
        } catch (SyscallException e) {
            String hint =
                    switch (e.errno()) {
                        case Errno.EEXIST -> "a program is already attached to this event";
                        case Errno.EINVAL ->
                                "program type "
                                        + prog.type()
                                        + " does not fit this event (uprobes need KPROBE, tracepoints TRACEPOINT)";
                        case Errno.EPERM, Errno.EACCES ->
                                Capabilities.hint("CAP_BPF", "CAP_PERFMON");
                        default -> null;
                    };
            throw new SyscallException(
                    "ioctl(PERF_EVENT_IOC_SET_BPF) of " + prog + " on " + description,
                    e.errno(),
                    hint);
        }
        Syscalls.ioctl(f, PERF_EVENT_IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE on " + description);
    }

    public int fd() {
        return fd.get();
    }

    /** Removes the probe. For uprobes this blocks for tens of ms (kernel synchronisation). */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
