package io.tracejob.agent.trace;

/**
 * How uprobes reach the target's processes. Both keep the traced set in the kernel (a process
 * forked by a member joins before it runs); they differ in where the breakpoints are.
 */
public enum Following {
    /**
     * One uprobe per site for the whole binary (perf_event_open pid -1): every member is probed
     * from its first instruction, however short-lived; every other process that maps the binary
     * traps too and pays for it (counted in the kernel, reported in the Result).
     */
    BINARY_WIDE,
    /**
     * Uprobes opened for each member pid: no other process is touched, but a child is probed only
     * once the agent has seen its fork and attached (milliseconds later), so calls of short-lived
     * children are missed.
     */
    PER_PROCESS
}
