package io.tracejob.agent.sys;

import java.util.Map;

/**
 * Linux errno values we meet on bpf(2), perf_event_open(2) and ioctl(2), with their names and
 * meanings.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;

    /** Kernel-internal ENOTSUPP; leaks to user space from some bpf paths. */
    public static final int ENOTSUPP = 524;

    private record Info(String name, String meaning) {}

    private static final Map<Integer, Info> TABLE =
            Map.ofEntries(
                    Map.entry(EPERM, new Info("EPERM", "operation not permitted")),
                    Map.entry(ENOENT, new Info("ENOENT", "no such file, entry or element")),
                    Map.entry(ESRCH, new Info("ESRCH", "no such process")),
                    Map.entry(EINTR, new Info("EINTR", "interrupted system call")),
                    Map.entry(EIO, new Info("EIO", "input/output error")),
                    Map.entry(E2BIG, new Info("E2BIG", "argument too big")),
                    Map.entry(EBADF, new Info("EBADF", "bad file descriptor")),
                    Map.entry(EAGAIN, new Info("EAGAIN", "resource temporarily unavailable")),
                    Map.entry(ENOMEM, new Info("ENOMEM", "out of memory (or locked-memory limit)")),
                    Map.entry(EACCES, new Info("EACCES", "permission denied")),
                    Map.entry(EFAULT, new Info("EFAULT", "bad address")),
                    Map.entry(EBUSY, new Info("EBUSY", "device or resource busy")),
                    Map.entry(EEXIST, new Info("EEXIST", "already exists")),
                    Map.entry(ENODEV, new Info("ENODEV", "no such device")),
                    Map.entry(EINVAL, new Info("EINVAL", "invalid argument")),
                    Map.entry(EMFILE, new Info("EMFILE", "too many open files")),
                    Map.entry(ENOSPC, new Info("ENOSPC", "no space left (buffer too small)")),
                    Map.entry(ERANGE, new Info("ERANGE", "result out of range")),
                    Map.entry(
                            ENOSYS,
                            new Info("ENOSYS", "system call not implemented by this kernel")),
                    Map.entry(EOPNOTSUPP, new Info("EOPNOTSUPP", "operation not supported")),
                    Map.entry(
                            ENOTSUPP,
                            new Info("ENOTSUPP", "operation not supported by this kernel")));

    public static String name(int errno) {
        Info i = TABLE.get(errno);
        return i != null ? i.name() : "errno " + errno;
    }

    public static String meaning(int errno) {
        Info i = TABLE.get(errno);
        return i != null ? i.meaning() : "unknown error";
    }
}
