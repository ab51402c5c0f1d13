package io.tracejob.operator.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.metrics.ScheduleMetrics;
import io.tracejob.operator.status.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Creates TraceJobs from a TraceSchedule's template at its cron times, as CronJob creates Jobs.
 * Thin: observes (the schedule, its TraceJobs from the cache, the clock), asks {@link RunPlanner},
 * acts through {@link ScheduleJobClient}, records through {@link ScheduleStatusRecorder}, and comes
 * back at the next due time (or after {@code recheck}, whichever is first, so a clock jump is
 * noticed).
 */
@ControllerConfiguration(name = TraceScheduleReconciler.NAME)
public class TraceScheduleReconciler implements Reconciler<TraceSchedule>, Cleaner<TraceSchedule> {
    public static final String NAME = "traceschedule";

    private final ScheduleJobClient jobs;
    private final ScheduleStatusRecorder recorder;
    private final ScheduleMetrics metrics;
    private final Clock clock;
    private final Duration recheck;
    private final TracingPause pause;
    private final ScheduleTriggers triggers;
    private final ScheduleEvents events;

    /**
     * @param pause the kill switch: while it holds, no run starts (read at every pass; a release is
     *     seen within {@code recheck})
     * @param triggers evaluates {@code spec.trigger} (its answers bring the schedule back)
     * @param events the operator's Event recorder (runs started and skipped, suspension)
     */
    public TraceScheduleReconciler(
            KubernetesClient client,
            ScheduleMetrics metrics,
            Clock clock,
            Duration recheck,
            TracingPause pause,
            ScheduleTriggers triggers,
            EventRecorder events) {
        this.pause = pause;
        this.triggers = triggers;
        this.events = new ScheduleEvents(events);
        this.jobs = new ScheduleJobClient(client);
        this.recorder = new ScheduleStatusRecorder(clock);
        this.metrics = metrics;
        this.clock = clock;
        this.recheck = recheck;
    }

    @Override
    public List<EventSource<?, TraceSchedule>> prepareEventSources(
            EventSourceContext<TraceSchedule> context) {
        var cfg =
                InformerEventSourceConfiguration.from(TraceJob.class, TraceSchedule.class)
                        .withName("scheduled-jobs")
                        .withLabelSelector(ScheduledJobs.SCHEDULE_LABEL)
                        .withSecondaryToPrimaryMapper(
                                job ->
                                        job.getMetadata().getOwnerReferences().stream()
                                                .filter(r -> TraceSchedule.KIND.equals(r.getKind()))
                                                .map(
                                                        r ->
                                                                new ResourceID(
                                                                        r.getName(),
                                                                        job.getMetadata()
                                                                                .getNamespace()))
                                                .collect(Collectors.toSet()))
                        .build();
        // a trigger's Prometheus answer (asked off this thread) brings its schedule back
        var answers = new SimpleInboundEventSource<TraceSchedule>("trigger-answers");
        triggers.queries().listen(answers::propagateEvent);
        return List.of(new InformerEventSource<>(cfg, context), answers);
    }

    @Override
    public UpdateControl<TraceSchedule> reconcile(
            TraceSchedule schedule, Context<TraceSchedule> context) {
        String before = ScheduleStatusRecorder.snapshot(schedule);
        String readyBefore = ScheduleStatusRecorder.readyReason(schedule);
        List<Violation> violations = SpecValidator.validate(schedule.getSpec());
        if (!violations.isEmpty()) {
            String why =
                    violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            recorder.invalid(schedule, why);
            events.invalid(schedule, readyBefore, why);
            recorder.saveIfChanged(schedule, context, before);
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        List<TraceJob> owned =
                context.getSecondaryResources(TraceJob.class).stream()
                        .filter(j -> ScheduledJobs.ownedBy(j, schedule))
                        .toList();
        List<TraceJob> running = owned.stream().filter(j -> !ScheduledJobs.finished(j)).toList();
        List<TraceJob> finished = owned.stream().filter(ScheduledJobs::finished).toList();

        String pausedBecause = pause.paused() ? pause.reason() : null;
        RunPlan plan =
                RunPlanner.plan(
                        schedule.getSpec(),
                        schedule.getSpec().getSchedule() == null
                                ? null
                                : CronTimes.of(schedule.getSpec()),
                        since(schedule),
                        now,
                        running.size(),
                        pausedBecause);
        ActiveRuns active = new ActiveRuns(running);
        List<TraceJob> replaced = plan.replaceActive() ? active.replaceAll() : List.of();
        jobs.delete(replaced);
        TraceJob started = plan.start().map(due -> ScheduledJobs.build(schedule, due)).orElse(null);
        if (started != null) {
            jobs.create(started);
            active.started(started);
        }
        events.pass(schedule, plan, readyBefore, replaced, started);
        Optional<Instant> nextTrigger = trigger(schedule, now, pausedBecause != null, active);

        List<ScheduleRun> saved = ScheduleStatusRecorder.current(schedule).getHistory();
        jobs.delete(
                Pruning.toDelete(
                        finished,
                        saved,
                        schedule.getSpec().getSuccessfulJobsHistoryLimit(),
                        schedule.getSpec().getFailedJobsHistoryLimit()));
        List<ScheduleRun> history = RunHistory.merge(saved, finished);
        recorder.record(
                schedule,
                plan,
                active.references(),
                history,
                lastSuccess(finished),
                pausedBecause != null);
        exportMetrics(schedule, history);
        recorder.saveIfChanged(schedule, context, before);

        Duration wait = recheck;
        // a trigger whose answer is still out is brought back by the answer, not by a timer
        for (Instant next :
                List.of(plan.next(), nextTrigger.filter(t -> t.isAfter(now))).stream()
                        .flatMap(Optional::stream)
                        .toList()) {
            Duration untilNext = Duration.between(now, next);
            if (untilNext.compareTo(wait) < 0) wait = untilNext;
        }
        return UpdateControl.<TraceSchedule>noUpdate()
                .rescheduleAfter(Math.max(wait.toMillis(), 1));
    }

    /**
     * The trigger's part of a pass (not while suspended or paused): evaluates it when due, starts
     * or replaces runs as {@link TriggerPlanner} decides; returns when it is next due.
     */
    private Optional<Instant> trigger(
            TraceSchedule schedule, Instant now, boolean paused, ActiveRuns active) {
        if (schedule.getSpec().getTrigger() == null) {
            recorder.clearTrigger(schedule);
            return Optional.empty();
        }
        if (schedule.getSpec().isSuspend() || paused) return Optional.empty();
        TriggerEvaluation last = ScheduleStatusRecorder.current(schedule).getLastTrigger();
        triggers.evaluate(schedule, last, now, active.size())
                .ifPresent(
                        d -> {
                            List<TraceJob> replaced =
                                    d.replaceActive() ? active.replaceAll() : List.of();
                            jobs.delete(replaced);
                            d.start()
                                    .ifPresent(
                                            at -> {
                                                TraceJob job =
                                                        ScheduledJobs.buildTriggered(schedule, at);
                                                jobs.create(job);
                                                active.started(job);
                                                events.triggered(
                                                        schedule, d.evaluation(), replaced, job);
                                            });
                            recorder.recordTrigger(schedule, d.evaluation(), d.errorReason());
                        });
        return Optional.of(
                ScheduleTriggers.next(
                        schedule, ScheduleStatusRecorder.current(schedule).getLastTrigger()));
    }

    @Override
    public DeleteControl cleanup(TraceSchedule schedule, Context<TraceSchedule> context) {
        metrics.forget(schedule.getMetadata().getNamespace(), schedule.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }

    /** Due times after this are still to be handled. */
    private static Instant since(TraceSchedule schedule) {
        var s = ScheduleStatusRecorder.current(schedule);
        String t = s.getLastDueTime() != null ? s.getLastDueTime() : s.getLastScheduleTime();
        if (t == null) t = schedule.getMetadata().getCreationTimestamp();
        return Instant.parse(t);
    }

    private void exportMetrics(TraceSchedule schedule, List<ScheduleRun> history) {
        Trend.lastMeasured(history)
                .ifPresent(
                        last ->
                                metrics.record(
                                        schedule.getMetadata().getNamespace(),
                                        schedule.getMetadata().getName(),
                                        last,
                                        Trend.p99VsMedian(history).orElse(Double.NaN)));
    }

    private static Instant lastSuccess(List<TraceJob> finished) {
        return finished.stream()
                .filter(j -> j.getStatus().getPhase() == Phase.Succeeded)
                .map(j -> j.getStatus().getCompletionTime())
                .filter(t -> t != null)
                .map(Instant::parse)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }
}
