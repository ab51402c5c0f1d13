package io.tracejob.agent.proc;

import java.io.IOException;

/** The process is gone (or never existed): "no such process: 12345". */
public class ProcessNotFoundException extends IOException {
    private final int pid;

    public ProcessNotFoundException(int pid) {
        super("no such process: " + pid);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
