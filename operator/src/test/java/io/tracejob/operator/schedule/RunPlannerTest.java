package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.ConcurrencyPolicy;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunPlannerTest {
    private static final Instant T9 = Instant.parse("2026-06-01T09:00:00Z");

    private static TraceScheduleSpec spec(String cron, ConcurrencyPolicy policy) {
        TraceScheduleSpec s = new TraceScheduleSpec();
        s.setSchedule(cron);
        s.setConcurrencyPolicy(policy);
        return s;
    }

    private static RunPlan plan(TraceScheduleSpec s, Instant since, Instant now, int active) {
        return RunPlanner.plan(s, CronTimes.of(s), since, now, active);
    }

    @Test
    void startsTheRunThatIsDueAndNamesTheNextOne() {
        RunPlan p =
                plan(
                        spec("0 * * * *", ConcurrencyPolicy.Forbid),
                        T9.minusSeconds(3600),
                        T9.plusSeconds(5),
                        0);
        assertThat(p.start()).contains(T9);
        assertThat(p.skipped()).isZero();
        assertThat(p.handledUpTo()).isEqualTo(T9);
        assertThat(p.next()).contains(T9.plusSeconds(3600));
    }

    @Test
    void nothingIsDueBetweenTwoRuns() {
        RunPlan p = plan(spec("0 * * * *", ConcurrencyPolicy.Allow), T9, T9.plusSeconds(1800), 0);
        assertThat(p.start()).isEmpty();
        assertThat(p.handledUpTo()).isEqualTo(T9);
    }

    @Test
    void afterALongOutageOnlyTheLatestMissedRunStartsAndTheRestAreCounted() {
        // Down from 09:00 to 15:30: 10:00 ... 15:00 were due; only 15:00 starts.
        RunPlan p =
                plan(
                        spec("0 * * * *", ConcurrencyPolicy.Forbid),
                        T9,
                        T9.plusSeconds(6 * 3600 + 1800),
                        0);
        assertThat(p.start()).contains(T9.plusSeconds(6 * 3600));
        assertThat(p.skipped()).isEqualTo(5);
    }

    @Test
    void aRunMissedPastItsStartingDeadlineIsSkippedAndCounted() {
        TraceScheduleSpec s = spec("0 * * * *", ConcurrencyPolicy.Allow);
        s.setStartingDeadlineSeconds(60L);
        RunPlan late = plan(s, T9.minusSeconds(3600), T9.plusSeconds(61), 0);
        assertThat(late.start()).isEmpty();
        assertThat(late.skipped()).isEqualTo(1);
        assertThat(late.handledUpTo()).isEqualTo(T9);
        assertThat(late.why()).contains("more than 60s");
        RunPlan inTime = plan(s, T9.minusSeconds(3600), T9.plusSeconds(59), 0);
        assertThat(inTime.start()).contains(T9);
    }

    @Test
    void forbidSkipsWhileThePreviousRunStillRuns() {
        RunPlan p = plan(spec("0 * * * *", ConcurrencyPolicy.Forbid), T9.minusSeconds(3600), T9, 1);
        assertThat(p.start()).isEmpty();
        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.handledUpTo()).isEqualTo(T9);
    }

    @Test
    void allowStartsBesideTheRunningOne() {
        RunPlan p = plan(spec("0 * * * *", ConcurrencyPolicy.Allow), T9.minusSeconds(3600), T9, 1);
        assertThat(p.start()).contains(T9);
        assertThat(p.replaceActive()).isFalse();
    }

    @Test
    void replaceStopsTheRunningOneAndStarts() {
        RunPlan p =
                plan(spec("0 * * * *", ConcurrencyPolicy.Replace), T9.minusSeconds(3600), T9, 1);
        assertThat(p.start()).contains(T9);
        assertThat(p.replaceActive()).isTrue();
        RunPlan idle =
                plan(spec("0 * * * *", ConcurrencyPolicy.Replace), T9.minusSeconds(3600), T9, 0);
        assertThat(idle.replaceActive()).isFalse();
    }

    @Test
    void suspendStartsNothingAndKeepsMissedRunsForTheResume() {
        TraceScheduleSpec s = spec("0 * * * *", ConcurrencyPolicy.Forbid);
        s.setSuspend(true);
        Instant since = T9.minusSeconds(3600);
        RunPlan suspended = plan(s, since, T9.plusSeconds(3 * 3600), 0);
        assertThat(suspended.start()).isEmpty();
        assertThat(suspended.next()).isEmpty();
        assertThat(suspended.handledUpTo()).isEqualTo(since);
        s.setSuspend(false);
        RunPlan resumed = plan(s, since, T9.plusSeconds(3 * 3600), 0);
        assertThat(resumed.start()).contains(T9.plusSeconds(3 * 3600));
        assertThat(resumed.skipped()).isEqualTo(3);
    }

    @Test
    void theKillSwitchHoldsRunsLikeASuspension() {
        TraceScheduleSpec s = spec("0 * * * *", ConcurrencyPolicy.Allow);
        Instant since = T9.minusSeconds(3600);
        Instant now = T9.plusSeconds(2 * 3600);
        RunPlan held = RunPlanner.plan(s, CronTimes.of(s), since, now, 0, "incident 4711");
        assertThat(held.start()).isEmpty();
        assertThat(held.handledUpTo()).isEqualTo(since);
        assertThat(held.why()).contains("paused").contains("incident 4711");
        RunPlan released = RunPlanner.plan(s, CronTimes.of(s), since, now, 0, null);
        assertThat(released.start()).contains(now);
        assertThat(released.skipped()).isEqualTo(2);
    }

    @Test
    void anOutageOfYearsIsCountedUpToTheCapNotWalked() {
        RunPlan p =
                plan(
                        spec("* * * * *", ConcurrencyPolicy.Forbid),
                        T9.minusSeconds(2L * 365 * 86400),
                        T9,
                        0);
        assertThat(p.start()).contains(T9);
        assertThat(p.skipped()).isEqualTo(CronTimes.COUNT_CAP);
    }
}
