package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.ProgramStats;

/**
 * Holds the probes' average cost within the budget, cycle by cycle. Each cycle may spend
 * {@code budget × period} of CPU on probing; the cost is measured as it accrues (BPF run time from the
 * kernel's program stats plus the attach class's trap cost per firing), checked every poll, and the
 * probes come out the moment a cycle's allowance is spent — there is no estimate to get wrong and no
 * first interval at full cost. A target whose probes cost little never reaches the allowance and is
 * probed all the time.
 */
final class BudgetGovernor {
    /** one cycle; long against the ≈ 0.2 s it takes to close a uprobe pair */
    static final long PERIOD_NANOS = 5_000_000_000L;
    /** aim below the allowance: the probes fire on while they are being closed */
    static final double HEADROOM = 0.9;

    enum Action { NONE, OVER_BUDGET, NEW_CYCLE_RESUME }

    private final double allowanceNanos;
    /** this cycle's allowance: the standard one less what the last cycle overspent while its probes were closing */
    private double cycleAllowance;
    private final long trapNanos;
    private final long period;
    private long cycleEnd;
    private ProgramStats cycleBase;
    /**
     * Wall time spent opening or closing the probes in this cycle, charged as a full core: while a uprobe is
     * being installed or removed the breakpoint can trap without the program running, so the kernel's
     * program stats do not see that cost (measured: a target lost ≈ 5 % at a 1 % budget before this was charged).
     */
    private double cycleTransitionNanos;
    private long probedSince;
    private long probedNanos;
    private long droppedInFlight;
    private long transitionNanos;
    private boolean everSuspended;

    BudgetGovernor(double budgetPercent, long trapNanosPerFiring, long traceNanos, long now, ProgramStats base) {
        this.period = Math.min(PERIOD_NANOS, Math.max(traceNanos, 1));
        this.allowanceNanos = budgetPercent / 100.0 * period * HEADROOM;
        this.trapNanos = trapNanosPerFiring;
        this.cycleEnd = now + period;
        this.cycleBase = base;
        this.cycleAllowance = allowanceNanos;
        this.probedSince = now;
    }

    /** What to do now, given the programs' cumulative stats and whether the probes are in. */
    Action check(long now, ProgramStats stats, boolean probing) {
        if (now >= cycleEnd) {
            // Overspending (the probes fire on while they close) is a debt on the next cycle; unspent allowance is not saved up.
            double balance = cycleAllowance - cost(stats);
            cycleTransitionNanos = 0;
            cycleAllowance = allowanceNanos + Math.min(0, balance);
            cycleEnd = now + period;
            cycleBase = stats;
            if (probing) return Action.NONE;
            return cycleAllowance > 0 ? Action.NEW_CYCLE_RESUME : Action.NONE;
        }
        if (probing && cost(stats) > cycleAllowance) return Action.OVER_BUDGET;
        return Action.NONE;
    }

    /** CPU nanoseconds the probes cost the target since the cycle began. */
    double cost(ProgramStats stats) {
        ProgramStats cycle = stats.minus(cycleBase);
        return cycle.runTimeNanos() + (double) cycle.runCount() * trapNanos + cycleTransitionNanos;
    }

    /** Charges the time a suspend or resume took (see {@link #cycleTransitionNanos}). */
    void transition(long nanos) {
        cycleTransitionNanos += nanos;
        transitionNanos += nanos;
    }

    long transitionNanos() {
        return transitionNanos;
    }

    void suspended(long now, long droppedInFlight) {
        probedNanos += now - probedSince;
        this.droppedInFlight += droppedInFlight;
        everSuspended = true;
    }

    void resumed(long now) {
        probedSince = now;
    }

    /** Time the probes were in, up to {@code now}. */
    long probedNanos(long now, boolean probingNow) {
        return probedNanos + (probingNow ? now - probedSince : 0);
    }

    long droppedInFlight() {
        return droppedInFlight;
    }

    boolean everSuspended() {
        return everSuspended;
    }
}
