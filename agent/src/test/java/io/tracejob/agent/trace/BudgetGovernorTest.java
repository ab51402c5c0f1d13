package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The governor's arithmetic on a simulated clock: probes that cost {@code probeCpu} of a core while in, take-outs
 * and put-backs that take fixed wall times. The real-kernel behaviour is in {@code TracerBudgetTest}.
 */
class BudgetGovernorTest {
    static final long MS = 1_000_000L;
    static final long STEP = 10 * MS; // the tracer's poll

    record Run(double spentNanos, long elapsed, int resumes, long firstOverBudgetAt, long probedNanos) {
        double cpuPercent() {
            return spentNanos / elapsed * 100;
        }
    }

    static Run simulate(double budgetPercent, double probeCpu, long suspendNanos, long resumeNanos, long traceNanos) {
        BudgetGovernor g = new BudgetGovernor(budgetPercent, traceNanos, 0, 0);
        long now = 0, runTime = 0, firstOver = -1;
        boolean probing = true;
        int resumes = 0;
        while (now < traceNanos) {
            now += STEP;
            if (probing) runTime += (long) (probeCpu * STEP);
            switch (g.check(now, runTime, probing)) {
                case OVER_BUDGET -> {
                    if (firstOver < 0) firstOver = now;
                    now += suspendNanos;
                    g.suspended(now, suspendNanos, 0);
                    probing = false;
                }
                case RESUME -> {
                    now += resumeNanos;
                    g.resumed(now, resumeNanos);
                    probing = true;
                    resumes++;
                }
                case NONE -> { }
            }
        }
        return new Run(g.spentNanos(), now, resumes, firstOver, g.probedNanos(now, probing));
    }

    @Test
    void probesCheaperThanTheBudgetAreNeverTakenOut() {
        Run r = simulate(1.0, 0.005, 200 * MS, 20 * MS, 120_000 * MS);
        assertThat(r.firstOverBudgetAt()).isEqualTo(-1);
        assertThat(r.probedNanos()).isEqualTo(r.elapsed());
    }

    @Test
    void theFirstWindowIsSpentBeforeTheProbesComeOut() {
        // 2 % of a core against 1 % (0.9 % with headroom): the 45 ms window drains at 1.1 % → ≈ 4.1 s
        Run r = simulate(1.0, 0.02, 200 * MS, 20 * MS, 60_000 * MS);
        assertThat(r.firstOverBudgetAt()).isBetween(4_000 * MS, 4_200 * MS);
    }

    @Test
    void aCostlyProbeIsDutyCycledWithinTheBudgetTransitionsIncluded() {
        long trace = 120_000 * MS;
        Run r = simulate(1.0, 1.0, 200 * MS, 20 * MS, trace);
        assertThat(r.resumes()).as("put back after the first take-out").isGreaterThanOrEqualTo(2);
        assertThat(r.cpuPercent()).as("average cost, take-outs and put-backs charged as a full core").isLessThanOrEqualTo(1.0);
        assertThat((double) r.probedNanos() / r.elapsed()).isLessThan(0.05);
    }

    @Test
    void slowerTransitionsGetLongerPausesNotABlownBudget() {
        long trace = 120_000 * MS;
        Run fast = simulate(1.0, 1.0, 50 * MS, 5 * MS, trace);
        Run slow = simulate(1.0, 1.0, 600 * MS, 60 * MS, trace); // a loaded node
        assertThat(slow.resumes()).isLessThan(fast.resumes());
        assertThat(fast.cpuPercent()).isLessThanOrEqualTo(1.0);
        // only the very first take-out is unforeseen (nothing measured before it): it may overspend by itself alone
        assertThat(slow.cpuPercent()).isLessThanOrEqualTo(1.0 + 600.0 * MS / trace * 100);
    }

    @Test
    void aShortTraceEndsWithoutDebtOnceTheTakeOutCostIsKnown() {
        // 30 s like TracerBudgetTest: whatever the transitions cost, the trace cannot end owing more than one
        // unforeseen first take-out
        for (long suspend : new long[] {40 * MS, 200 * MS, 400 * MS}) {
            Run r = simulate(1.0, 1.0, suspend, suspend / 10, 30_000 * MS);
            assertThat(r.spentNanos()).as("take-out %d ms", suspend / MS)
                    .isLessThanOrEqualTo(0.01 * r.elapsed() + suspend);
        }
    }
}
