package io.tracejob.operator.schedule;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tracejob.api.v1alpha1.ConcurrencyPolicy;
import io.tracejob.api.v1alpha1.JobTemplate;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.testsupport.AgentRunner;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.KillSwitchConfigMap;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * CronJob semantics on the mock API server with the operator's clock in the test's hands: restart
 * without duplicates, pruning with history kept, each concurrency policy, suspend and resume, a
 * deadline skip; and the schedule's Events for each (runs started, replaced, skipped and why).
 */
class ScheduleSemanticsTest {
    private static final String NAME = "hourly";

    private static Termination completed(Pod agent) {
        return Termination.exit(
                0, Results.of(Results.latencies(7, 1000, 40_000), StopReason.Completed).toJson());
    }

    private static Harness harness(AgentRunner runner) {
        // The default 2 agents per node: the Allow run below is admitted only if the replaced
        // job gave back its reserved slot when it was deleted (CleanupHandler).
        Harness h = new Harness(runner, b -> b.agentStartTimeout(Duration.ofDays(3650)));
        h.workloads.targetPod(NS, "shop-a", "node-1");
        return h;
    }

    private static TraceSchedule schedule(Consumer<TraceScheduleSpec> edit) {
        TraceScheduleSpec spec = new TraceScheduleSpec();
        spec.setSchedule("0 * * * *");
        JobTemplate template = new JobTemplate();
        template.setSpec(Workloads.job(NS, "template", Pick.Any).getSpec());
        spec.setJobTemplate(template);
        edit.accept(spec);
        TraceSchedule s = new TraceSchedule();
        s.getMetadata().setName(NAME);
        s.getMetadata().setNamespace(NS);
        s.setSpec(spec);
        return s;
    }

    /** A spec change as a user makes it: retried when the operator's status write came first. */
    private static void edit(ScheduleHarness s, Consumer<TraceScheduleSpec> change) {
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .until(
                        () -> {
                            s.h.client
                                    .resources(TraceSchedule.class)
                                    .inNamespace(NS)
                                    .withName(NAME)
                                    .edit(
                                            t -> {
                                                change.accept(t.getSpec());
                                                return t;
                                            });
                            return true;
                        });
    }

    private static long skipped(TraceSchedule t) {
        return t.getStatus().getSkippedRuns() == null ? 0 : t.getStatus().getSkippedRuns();
    }

    @Test
    void aLostStatusWriteDoesNotDuplicateARunAndPruningKeepsTheHistory() {
        try (Harness h = harness(ScheduleSemanticsTest::completed)) {
            ScheduleHarness s = new ScheduleHarness(h);
            h.startOperator(s.clock);
            TraceSchedule created =
                    s.create(schedule(spec -> spec.setSuccessfulJobsHistoryLimit(1)));
            s.awaitStatus(NS, NAME, t -> t.getStatus().getNextScheduleTime() != null);
            Instant first = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, first), Phase.Succeeded);
            s.awaitStatus(NS, NAME, t -> t.getStatus().getHistory() != null);

            // A restart that lost the status of the first run: the same run is planned again.
            h.stopOperator();
            h.client
                    .resources(TraceSchedule.class)
                    .inNamespace(NS)
                    .withName(NAME)
                    .editStatus(
                            t -> {
                                t.getStatus().setLastDueTime(null);
                                t.getStatus().setLastScheduleTime(null);
                                return t;
                            });
            h.startOperator(s.clock);
            s.awaitStatus(NS, NAME, t -> first.toString().equals(t.getStatus().getLastDueTime()));
            assertThat(s.jobs(NS, NAME)).hasSize(1);

            Instant second = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, second), Phase.Succeeded);
            Instant third = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, third), Phase.Succeeded);
            TraceSchedule done =
                    s.awaitStatus(
                            NS,
                            NAME,
                            t ->
                                    t.getStatus().getHistory() != null
                                            && t.getStatus().getHistory().size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.jobs(NS, NAME).size() == 1);
            assertThat(s.jobs(NS, NAME).get(0).getMetadata().getName())
                    .isEqualTo(ScheduledJobs.name(NAME, third));
            assertThat(done.getStatus().getHistory())
                    .extracting(ScheduleRun::getJob)
                    .containsExactly(
                            ScheduledJobs.name(NAME, third),
                            ScheduledJobs.name(NAME, second),
                            ScheduledJobs.name(NAME, first));
        }
    }

    @Test
    void replaceForbidAndAllowWithARunThatDoesNotEnd() {
        CountDownLatch release = new CountDownLatch(1);
        try (Harness h =
                harness(
                        agent -> {
                            release.await();
                            return completed(agent);
                        })) {
            ScheduleHarness s = new ScheduleHarness(h);
            h.startOperator(s.clock);
            TraceSchedule created =
                    s.create(
                            schedule(spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace)));
            s.awaitStatus(NS, NAME, t -> t.getStatus().getNextScheduleTime() != null);
            Instant first = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, first), Phase.Running);

            Instant second = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, second), Phase.Running);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> h.workloads.get(NS, ScheduledJobs.name(NAME, first)) == null);
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    h.agentPods().stream()
                                            .noneMatch(
                                                    p ->
                                                            ScheduledJobs.name(NAME, first)
                                                                    .equals(
                                                                            AgentLabels.annotation(
                                                                                    p,
                                                                                    AgentLabels
                                                                                            .JOB_NAME))));

            s.awaitEvent(NS, NAME, "RunStarted", ScheduledJobs.name(NAME, first));
            Event replaced = s.awaitEvent(NS, NAME, "RunReplaced", ScheduledJobs.name(NAME, first));
            assertThat(replaced.getMessage()).contains(second.toString()).contains("Replace");
            assertThat(replaced.getType()).isEqualTo("Normal");

            edit(s, spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid));
            Instant third = s.advanceToNextRun(created);
            TraceSchedule forbidden =
                    s.awaitStatus(
                            NS, NAME, t -> third.toString().equals(t.getStatus().getLastDueTime()));
            assertThat(skipped(forbidden)).isEqualTo(1);
            assertThat(h.workloads.get(NS, ScheduledJobs.name(NAME, third))).isNull();
            Event forbid = s.awaitEvent(NS, NAME, "RunForbidden", third.toString());
            assertThat(forbid.getType()).isEqualTo("Warning");
            assertThat(forbid.getMessage()).contains("still runs").contains("Forbid");

            edit(s, spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow));
            Instant fourth = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, fourth), Phase.Running);
            TraceSchedule both =
                    s.awaitStatus(
                            NS,
                            NAME,
                            t ->
                                    t.getStatus().getActive() != null
                                            && t.getStatus().getActive().size() == 2);
            assertThat(both.getStatus().getActive())
                    .extracting(r -> r.getName())
                    .containsExactlyInAnyOrder(
                            ScheduledJobs.name(NAME, second), ScheduledJobs.name(NAME, fourth));
        } finally {
            release.countDown();
        }
    }

    @Test
    void suspendResumeAndAStartingDeadline() {
        try (Harness h = harness(ScheduleSemanticsTest::completed)) {
            ScheduleHarness s = new ScheduleHarness(h);
            h.startOperator(s.clock);
            TraceSchedule created = s.create(schedule(spec -> spec.setSuspend(true)));
            s.awaitStatus(
                    NS,
                    NAME,
                    t ->
                            t.getStatus().getConditions() != null
                                    && "Suspended"
                                            .equals(
                                                    t.getStatus()
                                                            .getConditions()
                                                            .get(0)
                                                            .getReason()));
            s.advanceToNextRun(created);
            s.advanceToNextRun(created);
            Instant third = s.advanceToNextRun(created);
            TraceSchedule suspended = s.get(NS, NAME);
            assertThat(suspended.getStatus().getNextScheduleTime()).isNull();
            assertThat(s.jobs(NS, NAME)).isEmpty();

            // Resumed: only the latest of the three missed runs starts.
            edit(s, spec -> spec.setSuspend(false));
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, third), Phase.Succeeded);
            TraceSchedule resumed =
                    s.awaitStatus(
                            NS, NAME, t -> third.toString().equals(t.getStatus().getLastDueTime()));
            assertThat(skipped(resumed)).isEqualTo(2);
            assertThat(s.jobs(NS, NAME)).hasSize(1);
            // announced once when it began, not at every pass while it held
            assertThat(s.awaitEvent(NS, NAME, "Suspended", "spec.suspend").getCount()).isEqualTo(1);
            s.awaitEvent(NS, NAME, "Resumed", "runs start again");
            s.awaitEvent(NS, NAME, "RunsMissed", "2 earlier run(s) due before " + third);
            s.awaitEvent(NS, NAME, "RunStarted", ScheduledJobs.name(NAME, third));

            // Seen two minutes late with a 60s deadline: skipped and counted, not started.
            edit(s, spec -> spec.setStartingDeadlineSeconds(60L));
            Instant fourth = s.advancePastNextRun(created, Duration.ofMinutes(2));
            TraceSchedule late =
                    s.awaitStatus(
                            NS,
                            NAME,
                            t -> fourth.toString().equals(t.getStatus().getLastDueTime()));
            assertThat(skipped(late)).isEqualTo(3);
            assertThat(h.workloads.get(NS, ScheduledJobs.name(NAME, fourth))).isNull();
            assertThat(s.awaitEvent(NS, NAME, "RunPastDeadline", fourth.toString()).getMessage())
                    .contains("more than 60s");
        }
    }

    /** The kill switch holds every schedule like a suspension; release starts the latest run. */
    @Test
    void theKillSwitchHoldsTheScheduleAndReleaseStartsOnlyTheLatestRun() {
        try (Harness h = harness(ScheduleSemanticsTest::completed)) {
            ScheduleHarness s = new ScheduleHarness(h);
            KillSwitchConfigMap.install(h.client);
            h.startOperator(s.clock);
            KillSwitchConfigMap.set(h.client, "true", "incident 4711");
            TraceSchedule created = s.create(schedule(spec -> {}));
            s.awaitStatus(
                    NS,
                    NAME,
                    t ->
                            t.getStatus().getConditions() != null
                                    && ScheduleStatusRecorder.PAUSED.equals(
                                            t.getStatus().getConditions().get(0).getReason())
                                    && t.getStatus()
                                            .getConditions()
                                            .get(0)
                                            .getMessage()
                                            .contains("incident 4711"));
            s.advanceToNextRun(created);
            Instant second = s.advanceToNextRun(created);
            assertThat(s.jobs(NS, NAME)).as("no run starts while tracing is paused").isEmpty();

            KillSwitchConfigMap.set(h.client, "false", "");
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, second), Phase.Succeeded);
            TraceSchedule released =
                    s.awaitStatus(
                            NS,
                            NAME,
                            t -> second.toString().equals(t.getStatus().getLastDueTime()));
            assertThat(skipped(released)).isEqualTo(1);
            assertThat(s.jobs(NS, NAME)).hasSize(1);
            assertThat(s.awaitEvent(NS, NAME, "TracingPaused", "incident 4711").getCount())
                    .isEqualTo(1);
            s.awaitEvent(NS, NAME, "TracingResumed", "runs start again");
        }
    }

    @Test
    void nineOClockInBerlinRunsAtEightThenSevenUtcAcrossTheSpringChange() {
        try (Harness h = harness(ScheduleSemanticsTest::completed)) {
            ScheduleHarness s = new ScheduleHarness(h);
            h.startOperator(s.clock);
            // To the Friday before the spring change (last Sunday of March, Europe/Berlin).
            Instant eve = Instant.parse("2027-03-26T12:00:00Z");
            if (s.clock.instant().isAfter(eve)) eve = Instant.parse("2028-03-24T12:00:00Z");
            s.clock.advance(Duration.between(s.clock.instant(), eve));
            TraceSchedule created =
                    s.create(
                            schedule(
                                    spec -> {
                                        spec.setSchedule("0 9 * * *");
                                        spec.setTimeZone("Europe/Berlin");
                                        // the months of runs between now and the eve: skipped
                                        spec.setStartingDeadlineSeconds(60L);
                                    }));
            s.awaitStatus(NS, NAME, t -> t.getStatus().getNextScheduleTime() != null);
            assertThat(s.jobs(NS, NAME)).isEmpty();

            Instant saturday = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, saturday), Phase.Succeeded);
            Instant sunday = s.advanceToNextRun(created);
            s.awaitJobPhase(NS, ScheduledJobs.name(NAME, sunday), Phase.Succeeded);
            assertThat(saturday.atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(8);
            assertThat(sunday.atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(7);
            assertThat(Duration.between(saturday, sunday)).isEqualTo(Duration.ofHours(23));
        }
    }
}
