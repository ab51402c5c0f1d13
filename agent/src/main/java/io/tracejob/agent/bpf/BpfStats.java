package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.Syscalls;

/**
 * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): a global switch. While any such fd is open anywhere on the machine
 * every program's run_cnt/run_time_ns advance (with a small per-run cost); they freeze when the last closes.
 */
public final class BpfStats implements AutoCloseable {
    private static final int BPF_STATS_RUN_TIME = 0;
    private volatile int fd;

    private BpfStats(int fd) {
        this.fd = fd;
    }

    public static BpfStats enable() throws SyscallException {
        Memory attr = Attr.zeroed();
        attr.setInt(0, BPF_STATS_RUN_TIME);
        return new BpfStats(Syscalls.bpf(BpfCommand.ENABLE_STATS, attr, Attr.SIZE));
    }

    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        int f = fd;
        fd = -1;
        Syscalls.close(f);
    }
}
