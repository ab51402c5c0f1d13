package io.tracejob.operator.schedule;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TraceScheduleStatus;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The only writer of TraceSchedule status (checked by ArchUnit, as {@code StatusRecorder} is for
 * TraceJobs): what a pass decided, the running jobs, the history and its trend, the Ready
 * condition.
 */
public final class ScheduleStatusRecorder {
    public static final String READY = "Ready";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String SCHEDULED = "Scheduled";
    public static final String SUSPENDED = "Suspended";

    /** the trigger's query: True while it evaluates, False with the failure's reason */
    public static final String TRIGGER_EVALUATED = "TriggerEvaluated";

    /** the kill switch holds every schedule */
    public static final String PAUSED = "TracingPaused";

    private final Clock clock;

    public ScheduleStatusRecorder(Clock clock) {
        this.clock = clock;
    }

    public static TraceScheduleStatus current(TraceSchedule schedule) {
        return schedule.getStatus() == null ? new TraceScheduleStatus() : schedule.getStatus();
    }

    /** The Ready condition's reason, or null before the first pass. */
    public static String readyReason(TraceSchedule schedule) {
        var conditions = current(schedule).getConditions();
        if (conditions == null) return null;
        return conditions.stream()
                .filter(c -> READY.equals(c.getType()))
                .map(Condition::getReason)
                .findFirst()
                .orElse(null);
    }

    public static String snapshot(TraceSchedule schedule) {
        return schedule.getStatus() == null ? "" : Serialization.asJson(schedule.getStatus());
    }

    /** Writes the status if it differs from {@code before}, and puts it into JOSDK's cache. */
    public void saveIfChanged(
            TraceSchedule schedule, Context<TraceSchedule> context, String before) {
        if (before.equals(snapshot(schedule))) return;
        TraceScheduleStatus status = schedule.getStatus();
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
                schedule,
                context,
                fresh -> {
                    fresh.setStatus(status);
                    return fresh;
                });
    }

    /** The spec cannot be scheduled: Ready=False naming the field and the rule. */
    public void invalid(TraceSchedule schedule, String message) {
        TraceScheduleStatus s = status(schedule);
        s.setNextScheduleTime(null);
        ready(schedule, false, INVALID_SPEC, message);
    }

    /** What one pass decided, the TraceJobs now running and the history with its trend. */
    public void record(
            TraceSchedule schedule,
            RunPlan plan,
            List<ObjectReference> active,
            List<ScheduleRun> history,
            Instant lastSuccess,
            boolean paused) {
        TraceScheduleStatus s = status(schedule);
        plan.start().ifPresent(due -> s.setLastScheduleTime(due.toString()));
        s.setLastDueTime(plan.handledUpTo().toString());
        s.setNextScheduleTime(plan.next().map(Instant::toString).orElse(null));
        if (plan.skipped() > 0) {
            long before = s.getSkippedRuns() == null ? 0 : s.getSkippedRuns();
            s.setSkippedRuns(before + plan.skipped());
        }
        s.setActive(active.isEmpty() ? null : active);
        s.setHistory(history.isEmpty() ? null : history);
        s.setLastP99(
                Trend.lastMeasured(history)
                        .map(r -> HumanDuration.format(r.getP99()))
                        .orElse(null));
        s.setP99VsMedian(Trend.p99VsMedian(history).map(Trend::format).orElse(null));
        if (lastSuccess != null
                && (s.getLastSuccessfulTime() == null
                        || Instant.parse(s.getLastSuccessfulTime()).isBefore(lastSuccess))) {
            s.setLastSuccessfulTime(lastSuccess.toString());
        }
        s.setObservedGeneration(schedule.getMetadata().getGeneration());
        boolean suspended = schedule.getSpec().isSuspend();
        ready(
                schedule,
                !suspended && !paused,
                suspended ? SUSPENDED : paused ? PAUSED : SCHEDULED,
                plan.why());
    }

    /**
     * The trigger's last evaluation, and condition TriggerEvaluated: False with the failure's
     * reason while the query cannot be evaluated, so a trigger never stops silently.
     */
    public void recordTrigger(
            TraceSchedule schedule, TriggerEvaluation evaluation, String errorReason) {
        status(schedule).setLastTrigger(evaluation);
        condition(
                schedule,
                TRIGGER_EVALUATED,
                errorReason == null,
                errorReason == null ? "Evaluated" : errorReason,
                evaluation.getMessage());
    }

    /** The trigger was removed from the spec: its evaluation and condition go too. */
    public void clearTrigger(TraceSchedule schedule) {
        TraceScheduleStatus s = status(schedule);
        s.setLastTrigger(null);
        if (s.getConditions() != null) {
            s.setConditions(
                    s.getConditions().stream()
                            .filter(c -> !TRIGGER_EVALUATED.equals(c.getType()))
                            .toList());
        }
    }

    private void ready(TraceSchedule schedule, boolean value, String reason, String message) {
        condition(schedule, READY, value, reason, message);
    }

    /** Sets condition {@code type}, keeping the others and its transition time while unchanged. */
    private void condition(
            TraceSchedule schedule, String type, boolean value, String reason, String message) {
        TraceScheduleStatus s = status(schedule);
        String statusText = value ? "True" : "False";
        List<Condition> others = new ArrayList<>();
        Condition old = null;
        for (Condition c : s.getConditions() == null ? List.<Condition>of() : s.getConditions()) {
            if (type.equals(c.getType())) old = c;
            else others.add(c);
        }
        if (old != null
                && statusText.equals(old.getStatus())
                && reason.equals(old.getReason())
                && Objects.equals(message, old.getMessage())) return;
        String since =
                old != null && statusText.equals(old.getStatus())
                        ? old.getLastTransitionTime()
                        : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Condition updated =
                new ConditionBuilder()
                        .withType(type)
                        .withStatus(statusText)
                        .withReason(reason)
                        .withMessage(message)
                        .withLastTransitionTime(since)
                        .withObservedGeneration(schedule.getMetadata().getGeneration())
                        .build();
        if (READY.equals(type)) others.add(0, updated);
        else others.add(updated);
        s.setConditions(others);
    }

    private static TraceScheduleStatus status(TraceSchedule schedule) {
        if (schedule.getStatus() == null) schedule.setStatus(new TraceScheduleStatus());
        return schedule.getStatus();
    }
}
