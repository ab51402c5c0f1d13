package io.tracejob.agent.bpftrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Tells when bpftrace has really attached its probes. Its {@code attached_probes} line is printed
 * before the attach loop, and BEGIN fires before it too (BPFtrace::run: BEGIN_trigger(), then
 * attach_probe() per probe, then poll), so neither proves the probes are live. What does: the main
 * thread blocks in epoll_wait only in the event loop that follows the last attach. We read that
 * from {@code /proc/PID/syscall}.
 */
final class AttachWatch {
    /** epoll_wait, epoll_pwait, epoll_pwait2 by architecture. */
    private static final Set<Integer> EPOLL =
            switch (System.getProperty("os.arch")) {
                case "aarch64", "arm64" -> Set.of(22, 441);
                default -> Set.of(232, 281, 441);
            };

    private AttachWatch() {}

    static boolean inEventLoop(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/syscall")).trim();
            int sp = s.indexOf(' ');
            return sp > 0 && EPOLL.contains(Integer.parseInt(s.substring(0, sp)));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
