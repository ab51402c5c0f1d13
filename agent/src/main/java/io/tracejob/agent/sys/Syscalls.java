package io.tracejob.agent.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * bpf(2), perf_event_open(2), ioctl(2) and close(2) through JNA — no libbpf, no helper binary. Each
 * call either returns its non-negative result or throws {@link SyscallException} naming the call.
 */
public final class Syscalls {
    private Syscalls() {}

    interface LibC extends Library {
        long syscall(long number, Object... args) throws LastErrorException;

        int ioctl(int fd, long request, Object... args) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int kill(int pid, int sig) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;
    }

    private static final class Holder {
        static final SyscallNumbers NR = SyscallNumbers.current();
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /**
     * Loads libc through JNA (its native stub included) without calling anything: start-up warm-up
     * only.
     */
    public static void prepare() {
        if (Holder.LIBC == null) throw new IllegalStateException("libc did not load");
    }

    public static final int PERF_FLAG_FD_CLOEXEC = 1 << 3;

    /**
     * bpf(2) and perf_event_open(2) calls made by this process, attempted or not. A cheap counter
     * that lets the agent (and its tests) prove that bad input was refused before anything reached
     * the kernel.
     */
    private static final java.util.concurrent.atomic.AtomicLong KERNEL_CALLS =
            new java.util.concurrent.atomic.AtomicLong();

    public static long kernelCalls() {
        return KERNEL_CALLS.get();
    }

    /** bpf(cmd, attr, size); {@code attr} must stay alive for the call. */
    public static int bpf(BpfCommand cmd, Pointer attr, int size) throws SyscallException {
        KERNEL_CALLS.incrementAndGet();
        try {
            return (int) Holder.LIBC.syscall(Holder.NR.bpf(), (long) cmd.code, attr, (long) size);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            throw new SyscallException(
                    "bpf(" + cmd.uapiName() + ")",
                    errno,
                    errno == Errno.EPERM || errno == Errno.EACCES ? permissionHint(cmd) : null);
        }
    }

    /**
     * What the command needs: BPF_ENABLE_STATS is the one the agent's pod does not have, and can do
     * without.
     */
    static String permissionHint(BpfCommand cmd) {
        return switch (cmd) {
            case ENABLE_STATS ->
                    Capabilities.hint("CAP_SYS_ADMIN")
                            + " (optional: without it the agent counts firings in its own programs)";
            case PROG_LOAD -> Capabilities.hint("CAP_BPF", "CAP_PERFMON");
            default -> Capabilities.hint("CAP_BPF");
        };
    }

    /**
     * Raw variant returning {@code -errno} instead of throwing, for calls where failure is an
     * answer (lookups).
     */
    public static long bpfOrErrno(BpfCommand cmd, Pointer attr, int size) {
        KERNEL_CALLS.incrementAndGet();
        try {
            return Holder.LIBC.syscall(Holder.NR.bpf(), (long) cmd.code, attr, (long) size);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    public static int perfEventOpen(Pointer attr, int pid, int cpu, int groupFd, long flags)
            throws SyscallException {
        KERNEL_CALLS.incrementAndGet();
        try {
            return (int)
                    Holder.LIBC.syscall(
                            Holder.NR.perfEventOpen(),
                            attr,
                            (long) pid,
                            (long) cpu,
                            (long) groupFd,
                            flags);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            throw new SyscallException(
                    "perf_event_open",
                    errno,
                    errno == Errno.EPERM || errno == Errno.EACCES
                            ? Capabilities.hint("CAP_PERFMON")
                            : null);
        }
    }

    /** ioctl with an integer argument; {@code what} names the request in the message. */
    public static int ioctl(int fd, long request, long arg, String what) throws SyscallException {
        try {
            return Holder.LIBC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw new SyscallException("ioctl(" + what + ")", e.getErrorCode(), null);
        }
    }

    /** O_RDONLY | O_CLOEXEC */
    public static final int O_RDONLY_CLOEXEC = 0x80000;

    /** open(2) read-only with close-on-exec; the caller owns the fd. */
    public static int openReadOnly(String path) throws SyscallException {
        try {
            return Holder.LIBC.open(path, O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SyscallException("open(" + path + ")", e.getErrorCode(), null);
        }
    }

    /** kill(2); false when the process is gone (or not ours to signal). */
    public static boolean kill(int pid, int signal) {
        try {
            return Holder.LIBC.kill(pid, signal) == 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /**
     * Closes an fd; negative fds are ignored so callers can close unconditionally on every path.
     */
    public static void close(int fd) {
        if (fd < 0) return;
        try {
            Holder.LIBC.close(fd);
        } catch (LastErrorException ignored) {
            // EBADF/EINTR: on Linux the fd is released either way; nothing to retry.
        }
    }
}
