package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.ConcurrencyPolicy;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import io.tracejob.operator.schedule.RunPlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * CronJob's decision, as a pure function of the spec, the last handled due time, the clock and the
 * number of running TraceJobs. Only the latest due time can start: runs missed before it (an
 * operator outage, a suspension) are counted as skipped, never started in a burst.
 */
public final class RunPlanner {
    private RunPlanner() {}

    public static RunPlan plan(
            TraceScheduleSpec spec, CronTimes times, Instant since, Instant now, int active) {
        return plan(spec, times, since, now, active, null);
    }

    /**
     * As above, with all tracing held by the kill switch ({@code pausedBecause} its reason, null
     * when released): like a suspension, no run starts and the due times stay unhandled, so on
     * release only the latest missed run starts and the others are counted as skipped. {@code
     * times} is null for a schedule with a trigger only.
     */
    public static RunPlan plan(
            TraceScheduleSpec spec,
            CronTimes times,
            Instant since,
            Instant now,
            int active,
            String pausedBecause) {
        if (spec.isSuspend()) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    0,
                    since,
                    Optional.empty(),
                    "suspended",
                    Decision.SUSPENDED);
        }
        if (pausedBecause != null) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    0,
                    since,
                    Optional.empty(),
                    "held: all tracing is paused (" + pausedBecause + ")",
                    Decision.PAUSED);
        }
        if (times == null) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    0,
                    since,
                    Optional.empty(),
                    "no cron schedule: runs start when the trigger fires",
                    Decision.WAIT);
        }
        Optional<Instant> next = times.nextAfter(now);
        Optional<Instant> latest = times.latestAtOrBefore(now).filter(t -> t.isAfter(since));
        if (latest.isEmpty()) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    0,
                    since,
                    next,
                    "waiting for the next run",
                    Decision.WAIT);
        }
        Instant due = latest.get();
        long missed = times.countBetween(since, due);
        Long deadline = spec.getStartingDeadlineSeconds();
        if (deadline != null && now.isAfter(due.plus(Duration.ofSeconds(deadline)))) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    missed + 1,
                    due,
                    next,
                    "the run due at " + due + " was missed by more than " + deadline + "s",
                    Decision.PAST_DEADLINE);
        }
        if (active > 0 && spec.getConcurrencyPolicy() == ConcurrencyPolicy.Forbid) {
            return new RunPlan(
                    Optional.empty(),
                    false,
                    missed + 1,
                    due,
                    next,
                    "the run due at " + due + " was skipped: the previous one still runs",
                    Decision.FORBIDDEN);
        }
        boolean replace = active > 0 && spec.getConcurrencyPolicy() == ConcurrencyPolicy.Replace;
        return new RunPlan(
                Optional.of(due),
                replace,
                missed,
                due,
                next,
                "started the run due at " + due,
                Decision.START);
    }
}
