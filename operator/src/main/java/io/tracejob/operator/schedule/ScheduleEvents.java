package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.PrometheusTrigger;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.operator.status.EventReason;
import io.tracejob.operator.status.EventRecorder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Events of a schedule's pass, the lines {@code kubectl describe tjs} shows: a run started,
 * replaced or skipped and why; suspension and the kill switch when they begin and end (not at every
 * pass). Through the operator's {@link EventRecorder}: sent in the background, a repeat counted on
 * the Event already recorded.
 */
final class ScheduleEvents {
    private final EventRecorder events;

    ScheduleEvents(EventRecorder events) {
        this.events = events;
    }

    /**
     * @param readyBefore the Ready condition's reason before this pass (null on the first), so that
     *     a suspension or a pause is announced once
     * @param replaced the running TraceJobs deleted for the new run (concurrencyPolicy Replace)
     * @param started the TraceJob created, or null
     */
    void pass(
            TraceSchedule schedule,
            RunPlan plan,
            String readyBefore,
            List<TraceJob> replaced,
            TraceJob started) {
        switch (plan.decision()) {
            case START -> started(schedule, plan, replaced, started);
            case PAST_DEADLINE ->
                    events.warning(schedule, EventReason.RUN_PAST_DEADLINE, skipped(plan));
            case FORBIDDEN ->
                    events.warning(
                            schedule,
                            EventReason.RUN_FORBIDDEN,
                            skipped(plan) + " (concurrencyPolicy Forbid)");
            case SUSPENDED -> {
                if (!ScheduleStatusRecorder.SUSPENDED.equals(readyBefore)) {
                    events.normal(
                            schedule,
                            EventReason.SCHEDULE_SUSPENDED,
                            "suspended: no run starts until spec.suspend is false; running"
                                    + " TraceJobs go on");
                }
            }
            case PAUSED -> {
                if (!ScheduleStatusRecorder.PAUSED.equals(readyBefore)) {
                    events.warning(schedule, EventReason.TRACING_PAUSED, plan.why());
                }
            }
            case WAIT -> {}
        }
        if (plan.decision() != RunPlan.Decision.SUSPENDED
                && ScheduleStatusRecorder.SUSPENDED.equals(readyBefore)) {
            events.normal(schedule, EventReason.SCHEDULE_RESUMED, resumed(plan));
        }
        if (plan.decision() != RunPlan.Decision.PAUSED
                && ScheduleStatusRecorder.PAUSED.equals(readyBefore)) {
            events.normal(schedule, EventReason.TRACING_RESUMED, resumed(plan));
        }
    }

    /**
     * A run started by {@code spec.trigger.prometheus}: the value that fired it and the rule it
     * met, so {@code kubectl describe} tells why a trace began at 22:14.
     */
    void triggered(
            TraceSchedule schedule,
            TriggerEvaluation fired,
            List<TraceJob> replaced,
            TraceJob started) {
        PrometheusTrigger t = schedule.getSpec().getTrigger().getPrometheus();
        if (!replaced.isEmpty()) {
            events.normal(
                    schedule,
                    EventReason.RUN_REPLACED,
                    "deleted running TraceJob "
                            + names(replaced)
                            + " for a triggered run (concurrencyPolicy Replace)");
        }
        events.normal(
                schedule,
                EventReason.RUN_STARTED,
                "created TraceJob "
                        + started.getMetadata().getName()
                        + ": spec.trigger.prometheus.query returned "
                        + fired.getValue()
                        + ", above "
                        + t.getThreshold()
                        + " for "
                        + t.getFor());
    }

    /** The spec cannot be scheduled: a Warning when it becomes so, not at every pass. */
    void invalid(TraceSchedule schedule, String readyBefore, String why) {
        if (!ScheduleStatusRecorder.INVALID_SPEC.equals(readyBefore)) {
            events.warning(schedule, EventReason.INVALID_SPEC, why);
        }
    }

    private void started(
            TraceSchedule schedule, RunPlan plan, List<TraceJob> replaced, TraceJob started) {
        Instant due = plan.start().orElseThrow();
        if (plan.skipped() > 0) {
            events.warning(
                    schedule,
                    EventReason.RUNS_MISSED,
                    plan.skipped()
                            + " earlier run(s) due before "
                            + due
                            + " were not started (operator down, suspended or paused): only"
                            + " the latest starts");
        }
        if (!replaced.isEmpty()) {
            events.normal(
                    schedule,
                    EventReason.RUN_REPLACED,
                    "deleted running TraceJob "
                            + names(replaced)
                            + " for the run due at "
                            + due
                            + " (concurrencyPolicy Replace)");
        }
        events.normal(
                schedule,
                EventReason.RUN_STARTED,
                "created TraceJob "
                        + started.getMetadata().getName()
                        + " for the run due at "
                        + due);
    }

    private static String names(List<TraceJob> jobs) {
        return jobs.stream().map(j -> j.getMetadata().getName()).collect(Collectors.joining(", "));
    }

    private static String skipped(RunPlan plan) {
        return plan.skipped() > 1
                ? plan.why() + "; " + (plan.skipped() - 1) + " earlier run(s) were missed too"
                : plan.why();
    }

    private static String resumed(RunPlan plan) {
        return "runs start again; " + plan.why();
    }
}
