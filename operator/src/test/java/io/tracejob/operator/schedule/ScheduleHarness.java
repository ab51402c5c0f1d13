package io.tracejob.operator.schedule;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.ShiftedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/** A {@link Harness} plus the schedule's view: its TraceJobs, its status, its clock. */
final class ScheduleHarness {
    final Harness h;
    final ShiftedClock clock = new ShiftedClock();

    ScheduleHarness(Harness h) {
        this.h = h;
    }

    TraceSchedule create(TraceSchedule s) {
        return h.client.resource(s).create();
    }

    TraceSchedule get(String namespace, String name) {
        return h.client.resources(TraceSchedule.class).inNamespace(namespace).withName(name).get();
    }

    List<TraceJob> jobs(String namespace, String schedule) {
        return h.client
                .resources(TraceJob.class)
                .inNamespace(namespace)
                .withLabel(ScheduledJobs.SCHEDULE_LABEL, schedule)
                .list()
                .getItems();
    }

    /** Moves the operator's clock to one second past the schedule's next due time. */
    Instant advanceToNextRun(TraceSchedule s) {
        return advancePastNextRun(s, Duration.ofSeconds(1));
    }

    /** Moves the operator's clock, in one step, to {@code late} past the next due time. */
    Instant advancePastNextRun(TraceSchedule s, Duration late) {
        Instant due = CronTimes.of(s.getSpec()).nextAfter(clock.instant()).orElseThrow();
        clock.advance(Duration.between(clock.instant(), due).plus(late));
        return due;
    }

    TraceJob awaitJobPhase(String namespace, String name, Phase phase) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                TraceJob j = h.workloads.get(namespace, name);
                                return j != null
                                        && j.getStatus() != null
                                        && j.getStatus().getPhase() == phase;
                            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "TraceJob "
                            + name
                            + " never reached "
                            + phase
                            + "; the namespace's TraceJobs and schedules:\n"
                            + Serialization.asYaml(
                                    h.client
                                            .resources(TraceJob.class)
                                            .inNamespace(namespace)
                                            .list())
                            + Serialization.asYaml(
                                    h.client
                                            .resources(TraceSchedule.class)
                                            .inNamespace(namespace)
                                            .list()),
                    e);
        }
        return h.workloads.get(namespace, name);
    }

    /** The Events recorded on a schedule. */
    List<Event> events(String namespace, String schedule) {
        return h.client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> TraceSchedule.KIND.equals(e.getInvolvedObject().getKind()))
                .filter(e -> schedule.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /** Waits for the schedule's Event of this reason whose message contains {@code text}. */
    Event awaitEvent(String namespace, String schedule, String reason, String text) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                events(namespace, schedule).stream()
                                        .anyMatch(
                                                e ->
                                                        reason.equals(e.getReason())
                                                                && e.getMessage().contains(text)));
        return events(namespace, schedule).stream()
                .filter(e -> reason.equals(e.getReason()) && e.getMessage().contains(text))
                .findFirst()
                .orElseThrow();
    }

    TraceSchedule awaitStatus(String namespace, String name, Predicate<TraceSchedule> ok) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            TraceSchedule s = get(namespace, name);
                            return s != null && s.getStatus() != null && ok.test(s);
                        });
        return get(namespace, name);
    }
}
