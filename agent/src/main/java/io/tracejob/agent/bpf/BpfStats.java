package io.tracejob.agent.bpf;

import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.EnableStatsAttr;

/**
 * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): a global switch. While any such fd is open anywhere on the
 * machine every program's run_cnt/run_time_ns advance (with a small per-run cost); they freeze when
 * the last closes. Needs CAP_SYS_ADMIN (EINVAL before kernel 5.8), so the agent treats it as
 * optional.
 */
public final class BpfStats implements AutoCloseable {
    private final KernelFd fd;

    private BpfStats(int fd) {
        this.fd = new KernelFd(fd, "the BPF stats switch");
    }

    public static BpfStats enable() throws SyscallException {
        return new BpfStats(new EnableStatsAttr(EnableStatsAttr.RUN_TIME).call());
    }

    /**
     * The switch if this process may turn it on, else null: it needs CAP_SYS_ADMIN, which the agent
     * pod does not have. The run time it adds to the report is an extra; firings are counted by the
     * programs themselves.
     */
    public static BpfStats enableIfPermitted() throws SyscallException {
        try {
            return enable();
        } catch (SyscallException e) {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES || e.errno() == Errno.EINVAL)
                return null;
            throw e;
        }
    }

    public int fd() {
        return fd.peek();
    }

    @Override
    public void close() {
        fd.close();
    }
}
