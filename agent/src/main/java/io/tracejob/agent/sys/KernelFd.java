package io.tracejob.agent.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file descriptor through which this process owns one kernel object (a BPF map or program, a
 * perf event, the BPF stats switch): closed exactly once, even when the parallel detach and a final
 * cleanup race, and any use after that names what was closed instead of handing the kernel a stale
 * number.
 */
public final class KernelFd implements AutoCloseable {
    private final AtomicInteger fd;
    private final String what;

    /**
     * @param what how errors name the object, e.g. {@code map 'tj_hist'}
     */
    public KernelFd(int fd, String what) {
        this.fd = new AtomicInteger(fd);
        this.what = what;
    }

    /** The open fd; {@link IllegalStateException} once closed. */
    public int get() {
        int f = fd.get();
        if (f < 0) throw new IllegalStateException(what + " is closed");
        return f;
    }

    /** The fd as it stands, -1 once closed (for descriptions). */
    public int peek() {
        return fd.get();
    }

    @Override
    public void close() {
        Syscalls.close(fd.getAndSet(-1));
    }
}
