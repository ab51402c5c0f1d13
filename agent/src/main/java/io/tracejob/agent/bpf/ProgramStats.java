package io.tracejob.agent.bpf;

/**
 * Cumulative run statistics of one program, as the kernel counts them while {@link BpfStats} is
 * enabled anywhere on the machine. Counters freeze, not reset, when stats are switched off: use
 * differences.
 */
public record ProgramStats(long runCount, long runTimeNanos) {

    public ProgramStats minus(ProgramStats earlier) {
        return new ProgramStats(runCount - earlier.runCount, runTimeNanos - earlier.runTimeNanos);
    }

    /** Mean cost per run in ns, or 0 when the program did not run. */
    public double nanosPerRun() {
        return runCount == 0 ? 0 : (double) runTimeNanos / runCount;
    }
}
