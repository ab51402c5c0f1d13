package io.tracejob.agent.programs;

/**
 * Slots of the per-CPU counters map. Everything a program drops or clamps is counted here, so a
 * Result can say what it did not measure instead of silently losing it.
 */
public enum Counter {
    /** values above the histogram's highest trackable value, recorded in the last bucket */
    CLAMPED,
    /**
     * an end fired with no matching start (the call began before attach, or its start was evicted)
     */
    END_WITHOUT_START,
    /** a start could not be stored because the in-flight map was full */
    START_MAP_FULL,
    /** events counted by a Count probe */
    EVENTS,
    /**
     * program runs on behalf of a traced process: what the target pays for, counted by the programs
     * themselves so the cost needs no BPF_ENABLE_STATS (CAP_SYS_ADMIN). A tracepoint program counts
     * only after its tgid filter passes (its runs in other tasks are not the target's cost), an end
     * program of a system-wide pair only when it pairs.
     */
    FIRINGS,
    /**
     * firings of a binary-wide uprobe in a process outside the target (another process mapping the
     * binary)
     */
    OTHER_PROCESS_FIRINGS,
    /**
     * a forked process could not join the traced set because it was full ({@link
     * TraceMaps#MAX_PROCESSES})
     */
    MEMBERS_FULL,
    /**
     * a thread already had {@link ThreadStack#MAX_DEPTH} calls open when it entered again: their
     * returns never ran (longjmp, or a missed return probe), so its open calls were dropped and
     * this one measured from level 0
     */
    STACK_RESET;

    public int slot() {
        return ordinal();
    }
}
