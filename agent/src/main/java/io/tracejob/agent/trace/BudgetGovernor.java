package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.ProgramStats;

/**
 * Holds the probes' average cost within the budget as a token bucket of CPU time. Allowance accrues at
 * {@code budget × HEADROOM} of one core; the probes' cost (BPF run time from the kernel's program stats plus
 * the attach class's trap cost per firing, plus every take-out and put-back) is charged as it accrues, checked
 * every poll. The probes come out when what is left would only just pay for taking them out, and go back in
 * only once the bucket holds a whole probing window plus the put-back and the next take-out, as the last ones
 * cost. So the transitions, which are slow and charged as a full core, are paid for before they happen rather
 * than owed at the end of the trace, and a loaded machine (slower transitions) gets longer pauses instead of a
 * blown budget. A target whose probes cost little never empties the bucket and is probed all the time.
 */
final class BudgetGovernor {
    /** one probing window's allowance is this much time at the budget; long against the ≈ 0.2 s a close takes */
    static final long PERIOD_NANOS = 5_000_000_000L;
    /** aim below the budget: a take-out can cost more than the last one did */
    static final double HEADROOM = 0.9;

    enum Action { NONE, OVER_BUDGET, RESUME }

    /** CPU ns allowed per wall ns */
    private final double rate;
    /** allowance of one probing window */
    private final double window;
    private final long trapNanos;
    /** CPU ns the probes may still spend; negative is a debt */
    private double tokens;
    private long refilledAt;
    private ProgramStats charged;
    private double spentNanos;
    /**
     * What the last take-out and put-back cost (wall time, charged as a full core: while a uprobe is being
     * installed or removed the breakpoint can trap without the program running, so the kernel's program stats
     * do not see that cost; measured: a target lost ≈ 5 % at a 1 % budget before this was charged).
     */
    private double lastSuspendNanos;
    private double lastResumeNanos;
    private long transitionNanos;
    private long probedSince;
    private long probedNanos;
    private long droppedInFlight;
    private boolean everSuspended;

    BudgetGovernor(double budgetPercent, long trapNanosPerFiring, long traceNanos, long now, ProgramStats base) {
        this.rate = budgetPercent / 100.0 * HEADROOM;
        this.window = rate * Math.min(PERIOD_NANOS, Math.max(traceNanos, 1));
        this.trapNanos = trapNanosPerFiring;
        this.tokens = window;
        this.refilledAt = now;
        this.charged = base;
        this.probedSince = now;
    }

    /** What to do now, given the programs' cumulative stats and whether the probes are in. */
    Action check(long now, ProgramStats stats, boolean probing) {
        account(now, stats);
        if (probing) return tokens <= lastSuspendNanos ? Action.OVER_BUDGET : Action.NONE;
        return tokens >= resumeThreshold() ? Action.RESUME : Action.NONE;
    }

    private void account(long now, ProgramStats stats) {
        tokens = Math.min(tokens + rate * (now - refilledAt), resumeThreshold()); // a long pause buys no longer burst
        refilledAt = now;
        ProgramStats since = stats.minus(charged);
        double cost = since.runTimeNanos() + (double) since.runCount() * trapNanos;
        tokens -= cost;
        spentNanos += cost;
        charged = stats;
    }

    private double resumeThreshold() {
        return window + lastResumeNanos + lastSuspendNanos;
    }

    /** The probes came out at {@code now}; taking them out took {@code tookNanos} and lost that many calls in flight. */
    void suspended(long now, long tookNanos, long droppedInFlight) {
        charge(tookNanos);
        lastSuspendNanos = tookNanos;
        probedNanos += now - probedSince;
        this.droppedInFlight += droppedInFlight;
        everSuspended = true;
    }

    /** The probes went back in at {@code now}; that took {@code tookNanos}. */
    void resumed(long now, long tookNanos) {
        charge(tookNanos);
        lastResumeNanos = tookNanos;
        probedSince = now;
    }

    private void charge(long nanos) {
        tokens -= nanos;
        spentNanos += nanos;
        transitionNanos += nanos;
    }

    /** CPU ns charged to the probes so far, transitions included. */
    double spentNanos() {
        return spentNanos;
    }

    long transitionNanos() {
        return transitionNanos;
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
