package io.tracejob.agent.programs;

/** Which tasks run a probe program, and so what it must check before doing any work. */
public enum ProgramScope {
    /** a uprobe opened for one traced process: the perf event's pid already scopes it */
    PROCESS,
    /** a tracepoint: runs for every task, filtered on the traced set */
    SYSTEM,
    /**
     * a binary-wide uprobe: runs in every process that maps the binary; filtered on the traced set,
     * and the firings of other processes are counted ({@link Counter#OTHER_PROCESS_FIRINGS}) so
     * their cost is reported
     */
    BINARY;

    boolean filters() {
        return this != PROCESS;
    }
}
