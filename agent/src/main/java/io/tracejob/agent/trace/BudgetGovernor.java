package io.tracejob.agent.trace;

/**
 * Holds the probes' average cost within the budget as a token bucket of CPU time. Allowance accrues at
 * {@code budget × HEADROOM} of one core; the probes' cost (firings counted by the programs times what one firing
 * costs on this node, trap and program, plus every take-out and put-back) is charged as it accrues, checked
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
    /** CPU ns the probes may still spend; negative is a debt */
    private double tokens;
    private long refilledAt;
    /** cumulative probe CPU ns already charged */
    private double charged;
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

    /** @param baseCpuNanos the cumulative probe cost at {@code now} (firings × cost per firing) */
    BudgetGovernor(double budgetPercent, long traceNanos, long now, double baseCpuNanos) {
        this.rate = budgetPercent / 100.0 * HEADROOM;
        this.window = rate * Math.min(PERIOD_NANOS, Math.max(traceNanos, 1));
        this.tokens = window;
        this.refilledAt = now;
        this.charged = baseCpuNanos;
        this.probedSince = now;
    }

    /** What to do now, given the probes' cumulative cost ({@code firings × cost per firing}) and whether they are in. */
    Action check(long now, double probeCpuNanos, boolean probing) {
        account(now, probeCpuNanos);
        if (probing) return tokens <= lastSuspendNanos ? Action.OVER_BUDGET : Action.NONE;
        return tokens >= resumeThreshold() ? Action.RESUME : Action.NONE;
    }

    private void account(long now, double probeCpuNanos) {
        tokens = Math.min(tokens + rate * (now - refilledAt), resumeThreshold()); // a long pause buys no longer burst
        refilledAt = now;
        double cost = probeCpuNanos - charged;
        tokens -= cost;
        spentNanos += cost;
        charged = probeCpuNanos;
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
