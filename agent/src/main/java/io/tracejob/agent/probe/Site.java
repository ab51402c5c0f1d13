package io.tracejob.agent.probe;

import java.nio.file.Path;

/** One place a program is attached. */
public sealed interface Site {
    Role role();

    /**
     * A uprobe at a file offset; attached once per traced process.
     *
     * @param refCtrOffset file offset of a USDT semaphore the kernel raises while attached, or 0
     */
    record Uprobe(Role role, Path binary, long fileOffset, boolean returnProbe, long refCtrOffset)
            implements Site {}

    /** A tracepoint; attached once, its program filters on the traced processes. */
    record Tracepoint(Role role, String category, String name, int id) implements Site {}
}
