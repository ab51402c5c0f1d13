package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The governor's mechanisms on a simulated clock: probes that cost {@code probeCpu} of a core while
 * in, an attach, take-outs and put-backs that burn fixed CPU times, a detach at the end. The
 * real-kernel behaviour is in {@code TracerBudgetTest}; what it costs a real target, in
 * docs/benchmarks.md.
 */
class BudgetGovernorTest {
    static final long MS = 1_000_000L;
    static final long STEP = 10 * MS; // the tracer's poll

    record Run(
            double spentNanos,
            long elapsed,
            int resumes,
            long firstOverBudgetAt,
            long probedNanos,
            boolean holdable) {
        double cpuPercent() {
            return spentNanos / elapsed * 100;
        }
    }

    static Run simulate(
            double budgetPercent,
            double probeCpu,
            long attachCpu,
            long suspendCpu,
            long resumeCpu,
            long traceNanos) {
        return simulate(budgetPercent, probeCpu, attachCpu, suspendCpu, resumeCpu, 0, traceNanos);
    }

    /**
     * As above, with take-outs lasting {@code takeOutWall} during which the probes still cost
     * {@code probeCpu} (the return probe traps every call until its link is closed).
     */
    static Run simulate(
            double budgetPercent,
            double probeCpu,
            long attachCpu,
            long suspendCpu,
            long resumeCpu,
            long takeOutWall,
            long traceNanos) {
        return simulate(
                budgetPercent,
                probeCpu,
                attachCpu,
                suspendCpu,
                resumeCpu,
                takeOutWall,
                traceNanos,
                BudgetGovernor.TAKE_OUT_WALL_NANOS);
    }

    /** As above, the governor foreseeing a take-out to fire for {@code foreseenWall}. */
    static Run simulate(
            double budgetPercent,
            double probeCpu,
            long attachCpu,
            long suspendCpu,
            long resumeCpu,
            long takeOutWall,
            long traceNanos,
            long foreseenWall) {
        suspendCpu += Math.round(probeCpu * takeOutWall);
        BudgetGovernor g =
                new BudgetGovernor(budgetPercent, traceNanos, 0, 0, attachCpu, STEP, foreseenWall);
        long now = 0, firstOver = -1;
        double probeCost = 0;
        boolean probing = true;
        int resumes = 0;
        while (now < traceNanos) {
            now += STEP;
            if (probing)
                probeCost +=
                        probeCpu * STEP; // transitions are added to it as the tracer measures them
            switch (g.check(now, probeCost, probing)) {
                case OVER_BUDGET -> {
                    if (firstOver < 0) firstOver = now;
                    g.suspended(now, suspendCpu, 0);
                    probeCost += suspendCpu;
                    probing = false;
                }
                case RESUME -> {
                    g.resumed(now, resumeCpu);
                    probeCost += resumeCpu;
                    probing = true;
                    resumes++;
                }
                case NONE -> {}
            }
        }
        long probed = g.probedNanos(now, probing);
        if (probing)
            probeCost +=
                    suspendCpu; // the final detach; with the probes out only the fork watcher is
        // left
        g.check(now, probeCost, false);
        return new Run(g.spentNanos(), now, resumes, firstOver, probed, g.holdable());
    }

    @Test
    void probesCheaperThanTheBudgetAtFullDutyAreNeverTakenOut() {
        // 0.95 % against 1 %: nothing is lost for nothing, attach and detach included
        Run r = simulate(1.0, 0.0095, 2 * MS, 2 * MS, 2 * MS, 120_000 * MS);
        assertThat(r.firstOverBudgetAt()).isEqualTo(-1);
        assertThat(r.probedNanos()).isEqualTo(r.elapsed());
        assertThat(r.cpuPercent()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void theFirstWindowIsShortSoACostlyProbeComesOutEarly() {
        // a probe costing a whole core, 6 s trace at 1 %: the first window is 5 % of 60 ms, so the
        // probes come
        // out within the poll that spends it, not after the whole allowance
        Run r = simulate(1.0, 1.0, 1 * MS, 1 * MS, 1 * MS, 6_000 * MS);
        assertThat(r.firstOverBudgetAt()).isLessThanOrEqualTo(2 * STEP);
    }

    @Test
    void theAttachIsChargedFromTheFirstMillisecond() {
        // with an attach as dear as the first window, the very first check takes a costly probe out
        Run r = simulate(1.0, 1.0, 3 * MS, 1 * MS, 1 * MS, 6_000 * MS);
        assertThat(r.firstOverBudgetAt()).isEqualTo(STEP);
        assertThat(r.spentNanos()).isGreaterThanOrEqualTo(3 * MS + STEP);
    }

    @Test
    void aCostlyProbeIsDutyCycledWithinTheBudgetOverShortAndLongTraces() {
        for (long trace : new long[] {6_000 * MS, 30_000 * MS, 120_000 * MS}) {
            Run r = simulate(1.0, 1.0, 2 * MS, 3 * MS, 2 * MS, trace);
            assertThat(r.cpuPercent())
                    .as("%d s, transitions charged", trace / 1000 / MS)
                    .isLessThanOrEqualTo(1.1);
            assertThat((double) r.probedNanos() / r.elapsed()).isLessThan(0.05);
        }
        assertThat(simulate(1.0, 1.0, 2 * MS, 3 * MS, 2 * MS, 120_000 * MS).resumes())
                .as("put back after each pause")
                .isGreaterThanOrEqualTo(10);
    }

    /**
     * Once cycled, a probe is held to {@link BudgetGovernor#CYCLING_AIM} of the budget, so a figure
     * 10 % low still holds it in the target's measurement; one just under the budget is not cycled.
     */
    @Test
    void aCycledProbeIsHeldBelowTheBudgetByTheFiguresErrorAnUncycledOneIsNot() {
        for (long trace : new long[] {30_000 * MS, 120_000 * MS}) {
            Run r = simulate(1.0, 1.0, 2 * MS, 3 * MS, 2 * MS, trace);
            assertThat(r.cpuPercent()).as("%d s", trace / 1000 / MS).isBetween(0.7, 0.95);
        }
        Run under = simulate(1.0, 0.0099, 2 * MS, 2 * MS, 2 * MS, 120_000 * MS);
        assertThat(under.firstOverBudgetAt()).isEqualTo(-1);
        assertThat(under.cpuPercent()).isGreaterThan(BudgetGovernor.CYCLING_AIM);
    }

    @Test
    void dearerTransitionsGetLongerPausesNotABlownBudget() {
        long trace = 120_000 * MS;
        Run cheap = simulate(1.0, 1.0, 2 * MS, 2 * MS, 2 * MS, trace);
        Run dear = simulate(1.0, 1.0, 20 * MS, 20 * MS, 20 * MS, trace); // a loaded node
        assertThat(dear.resumes()).isLessThan(cheap.resumes());
        // the first window is spent ahead of the allowance: at most 5 % of it
        assertThat(cheap.cpuPercent()).isLessThanOrEqualTo(1.05);
        assertThat(dear.cpuPercent()).isLessThanOrEqualTo(1.05);
    }

    @Test
    void anAttachDearerThanTheWholeAllowanceIsSaidToBeUnholdable() {
        assertThat(simulate(1.0, 0.0, 70 * MS, 1 * MS, 1 * MS, 6_000 * MS).holdable()).isFalse();
        assertThat(simulate(1.0, 0.0, 50 * MS, 1 * MS, 1 * MS, 6_000 * MS).holdable()).isTrue();
    }

    @Test
    void aTakeOutThatKeepsFiringIsForeseenAndTheBudgetHolds() {
        // a 100 k calls/s probe costing 70 % of a core, whose take-outs fire for 50 ms (35 ms of
        // CPU each, 12 times what their kernel calls burn)
        for (long trace : new long[] {6_000 * MS, 30_000 * MS, 120_000 * MS}) {
            Run r = simulate(1.0, 0.7, 3 * MS, 3 * MS, 2 * MS, 50 * MS, trace);
            assertThat(r.cpuPercent()).as("%d s", trace / 1000 / MS).isLessThanOrEqualTo(1.1);
            assertThat(r.holdable()).isTrue();
        }
    }

    @Test
    void anAttachAndOneFiringTakeOutDearerThanTheAllowanceAreUnholdable() {
        // 3 s at 1 % allows 30 ms; a take-out firing 50 ms at 90 % of a core costs 45 ms
        assertThat(simulate(1.0, 0.9, 2 * MS, 2 * MS, 2 * MS, 50 * MS, 3_000 * MS).holdable())
                .isFalse();
        // at 30 % of a core it costs 15 ms, and with the 2 ms attach that fits
        assertThat(simulate(1.0, 0.3, 2 * MS, 2 * MS, 2 * MS, 50 * MS, 3_000 * MS).holdable())
                .isTrue();
    }

    /**
     * The README's demo (5 % over 3 s, Stop, probes costing ≈ 1.5 % of a core) once stopped: its
     * target caught up after the attach's stall with a burst of probe firings (here 0.7 ms of CPU
     * in the first millisecond).
     */
    @Test
    void aOneMillisecondBurstOfACheapProbeDoesNotTakeItOut() {
        BudgetGovernor g = new BudgetGovernor(5.0, 3_000 * MS, 0, 0, 12 * MS, MS);
        double cost = 0.7 * MS; // the burst, in the first millisecond
        assertThat(g.check(MS, cost, true)).isEqualTo(BudgetGovernor.Action.NONE);
        for (long t = 2 * MS; t <= 3_000 * MS; t += MS) {
            cost += 0.015 * MS;
            assertThat(g.check(t, cost, true))
                    .as("at %d ms", t / MS)
                    .isEqualTo(BudgetGovernor.Action.NONE);
        }
    }

    @Test
    void aProbeThatReallyCostsMostOfACoreIsTakenOutAtTheFirstMillisecondCheck() {
        BudgetGovernor g = new BudgetGovernor(1.0, 6_000 * MS, 0, 0, 3 * MS, MS);
        assertThat(g.check(MS, 0.7 * MS, true)).isEqualTo(BudgetGovernor.Action.OVER_BUDGET);
    }

    /**
     * The first window is credit the trace accrued before its attach: an agent that attaches 100 ms
     * after it started may spend 1 ms at 1 %, not the 10 ms a 30 s trace's first window holds, so a
     * probe at 95 % of a core is out at the first 1 ms check.
     */
    @Test
    void theFirstWindowIsNoMoreThanTheBudgetAccruedSinceTheTraceBegan() {
        BudgetGovernor late = new BudgetGovernor(1.0, 30_000 * MS, 0, 0, 0, MS);
        assertThat(late.check(MS, 0.95 * MS, true)).isEqualTo(BudgetGovernor.Action.NONE);
        BudgetGovernor early = new BudgetGovernor(1.0, 30_000 * MS, 0, 0, 0, MS);
        early.startedBefore(100 * MS);
        assertThat(early.check(MS, 0.95 * MS, true)).isEqualTo(BudgetGovernor.Action.OVER_BUDGET);
        // an agent that started a second before its attach keeps the whole first window
        BudgetGovernor usual = new BudgetGovernor(1.0, 30_000 * MS, 0, 0, 0, MS);
        usual.startedBefore(1_000 * MS);
        assertThat(usual.check(MS, 0.95 * MS, true)).isEqualTo(BudgetGovernor.Action.NONE);
    }

    /**
     * One session link: a take-out removes the breakpoint at once, so it is foreseen at a 2 ms
     * margin, not at the 50 ms an entry and a return link keep firing. A 3 s trace at 1 % (30 ms)
     * of a probe costing 90 % of a core is then holdable, and held.
     */
    @Test
    void aSessionLinksShortTakeOutMakesAShortTraceHoldable() {
        long trace = 3_000 * MS;
        Run twoLinks = simulate(1.0, 0.9, 2 * MS, 2 * MS, 2 * MS, 50 * MS, trace, 50 * MS);
        Run session =
                simulate(
                        1.0,
                        0.9,
                        2 * MS,
                        2 * MS,
                        2 * MS,
                        1 * MS,
                        trace,
                        BudgetGovernor.SESSION_TAKE_OUT_WALL_NANOS);
        assertThat(twoLinks.holdable()).isFalse();
        assertThat(session.holdable()).isTrue();
        assertThat(session.cpuPercent()).isLessThanOrEqualTo(1.1);
        // two links: the take-out alone (45 ms) is more than the whole 30 ms allowance
        assertThat(twoLinks.cpuPercent()).isGreaterThan(1.1);
    }

    /**
     * A pre-trace's 6 s at 1 %: windows of a fifth of the trace's allowance, so a probe costing 95
     * % of a core goes back in several times over the trace (its percentiles come from across it,
     * not from its first milliseconds), and the budget still holds.
     */
    @Test
    void aShortTraceCyclesSeveralTimesWithinTheBudget() {
        Run r =
                simulate(
                        1.0,
                        0.95,
                        4 * MS,
                        2 * MS,
                        4 * MS,
                        1 * MS,
                        6_000 * MS,
                        BudgetGovernor.SESSION_TAKE_OUT_WALL_NANOS);
        assertThat(r.resumes()).isGreaterThanOrEqualTo(2);
        assertThat(r.cpuPercent()).isLessThanOrEqualTo(1.1);
        assertThat(r.holdable()).isTrue();
    }
}
