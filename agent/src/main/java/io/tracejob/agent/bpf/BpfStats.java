package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.Syscalls;

/**
 * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): a global switch. While any such fd is open anywhere on the machine
 * every program's run_cnt/run_time_ns advance (with a small per-run cost); they freeze when the last closes.
 */
public final class BpfStats implements AutoCloseable {
    private static final int BPF_STATS_RUN_TIME = 0;
    private final KernelFd fd;

    private BpfStats(int fd) {
        this.fd = new KernelFd(fd, "the BPF stats switch");
    }

    public static BpfStats enable() throws SyscallException {
        Memory attr = Attr.zeroed();
        attr.setInt(0, BPF_STATS_RUN_TIME);
        return new BpfStats(Syscalls.bpf(BpfCommand.ENABLE_STATS, attr, Attr.SIZE));
    }

    public int fd() {
        return fd.peek();
    }

    @Override
    public void close() {
        fd.close();
    }
}
