package io.tracejob.agent.trace;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probed binaries, each opened once when the trace starts. Uprobes are then opened through
 * {@code /proc/self/fd/N}, which names the very file the target maps for as long as the agent holds
 * the fd, so nothing depends on the process whose {@code /proc/<pid>/root} the planner looked
 * through staying alive (a daemonizing command, a root process that exits).
 */
final class PinnedBinaries implements AutoCloseable {
    private final List<KernelFd> fds = new ArrayList<>();

    ProbePlan pin(ProbePlan plan) throws IOException {
        Map<Path, Path> pinned = new LinkedHashMap<>();
        List<Site> sites = new ArrayList<>();
        for (Site s : plan.sites()) {
            if (s instanceof Site.Uprobe u) {
                Path p = pinned.get(u.binary());
                if (p == null) {
                    int fd = Syscalls.openReadOnly(u.binary().toString());
                    fds.add(new KernelFd(fd, "binary " + u.binary()));
                    p = Path.of("/proc/self/fd/" + fd);
                    pinned.put(u.binary(), p);
                }
                sites.add(
                        new Site.Uprobe(
                                u.role(), p, u.fileOffset(), u.returnProbe(), u.refCtrOffset()));
            } else {
                sites.add(s);
            }
        }
        return plan.withSites(sites);
    }

    @Override
    public void close() {
        fds.forEach(KernelFd::close);
        fds.clear();
    }
}
