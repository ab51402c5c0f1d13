package io.tracejob.operator.gitops;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import io.tracejob.api.v1alpha1.TraceScheduleStatus;
import io.tracejob.operator.gitops.ArgoCdHealthCheck.Health;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Argo CD health checks of docs/gitops, run (LuaJ) on statuses the real operator wrote. */
class ArgoCdHealthTest {
    private final ArgoCdHealthCheck traceJob = ArgoCdHealthCheck.of("tracing.tracejob.io_TraceJob");
    private final ArgoCdHealthCheck traceSchedule =
            ArgoCdHealthCheck.of("tracing.tracejob.io_TraceSchedule");

    @Test
    void traceJobIsProgressingWhileItRunsHealthyWithAResultDegradedWhenItFailed() {
        String result = Results.of(Results.latencies(9, 100, 5_000), StopReason.Completed).toJson();
        try (Harness h = new Harness(p -> Termination.exit(0, result)).startOperator()) {
            TraceJob fresh = Workloads.job(NS, "ok", Pick.Any);
            assertThat(traceJob.on(fresh))
                    .isEqualTo(new Health("Progressing", "waiting for the TraceJob operator"));

            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(fresh);
            Health running = traceJob.on(h.awaitPhase("ok", Phase.Running));
            assertThat(running.status()).isEqualTo("Progressing");
            assertThat(running.message()).isEqualTo(h.job("ok").getStatus().getMessage());
            h.kubelet.release();

            TraceJob done = h.awaitPhase("ok", Phase.Succeeded);
            Health healthy = traceJob.on(done);
            assertThat(healthy.status()).isEqualTo("Healthy");
            assertThat(healthy.message())
                    .startsWith("p99 " + done.getStatus().getDisplay().getP99() + ": ");

            TraceJob nowhere = Workloads.job(NS, "nowhere", Pick.Any);
            nowhere.getSpec().getTarget().getSelector().getMatchLabels().put("app", "absent");
            h.workloads.create(nowhere);
            Health degraded = traceJob.on(h.awaitPhase("nowhere", Phase.Failed));
            assertThat(degraded.status()).isEqualTo("Degraded");
            assertThat(degraded.message()).startsWith("NoCandidates: ");
        }
    }

    @Test
    void traceJobWhoseNewSpecTheOperatorHasNotSeenIsProgressing() {
        TraceJob job = Workloads.job(NS, "edited", Pick.Any);
        job.getMetadata().setGeneration(3L);
        job.setStatus(new io.tracejob.api.v1alpha1.TraceJobStatus());
        job.getStatus().setPhase(Phase.Succeeded);
        job.getStatus().setObservedGeneration(2L);
        assertThat(traceJob.on(job).status()).isEqualTo("Progressing");
        job.getStatus().setObservedGeneration(3L);
        assertThat(traceJob.on(job).status()).isEqualTo("Healthy");
    }

    @Test
    void traceJobHeldByTheKillSwitchIsSuspendedUntilReleased() {
        TraceJob job = Workloads.job(NS, "held", Pick.Any);
        job.setStatus(new io.tracejob.api.v1alpha1.TraceJobStatus());
        job.getStatus().setPhase(Phase.Selecting);
        String why = "tracing is paused cluster-wide (ConfigMap tracejob-kill-switch): INC-7";
        job.getStatus()
                .setConditions(
                        new java.util.ArrayList<>(
                                List.of(
                                        new io.fabric8.kubernetes.api.model.ConditionBuilder()
                                                .withType("Paused")
                                                .withStatus("True")
                                                .withReason("TracingPaused")
                                                .withMessage(why)
                                                .build())));
        assertThat(traceJob.on(job)).isEqualTo(new Health("Suspended", why));
        job.getStatus().getConditions().get(0).setStatus("False");
        assertThat(traceJob.on(job).status()).isEqualTo("Progressing");
    }

    @Test
    void traceScheduleIsSuspendedDegradedAfterAFailedRunAndHealthyOtherwise() {
        TraceSchedule schedule = new TraceSchedule();
        schedule.getMetadata().setName("hourly");
        schedule.setSpec(new TraceScheduleSpec());
        assertThat(traceSchedule.on(schedule)).isEqualTo(new Health("Healthy", "no run yet"));

        TraceScheduleStatus status = new TraceScheduleStatus();
        status.setActive(List.of(new ObjectReferenceBuilder().withName("hourly-1").build()));
        schedule.setStatus(status);
        assertThat(traceSchedule.on(schedule)).isEqualTo(new Health("Healthy", "1 run(s) active"));

        status.setHistory(List.of(run("hourly-3", Phase.Failed), run("hourly-2", Phase.Succeeded)));
        assertThat(traceSchedule.on(schedule))
                .isEqualTo(new Health("Degraded", "the latest finished run hourly-3 failed"));

        // newest first: a success after the failure heals it; a run still going does not count
        // either way
        status.setHistory(
                List.of(
                        run("hourly-5", Phase.Running),
                        run("hourly-4", Phase.Succeeded),
                        run("hourly-3", Phase.Failed)));
        status.setLastP99("1.2ms");
        assertThat(traceSchedule.on(schedule)).isEqualTo(new Health("Healthy", "last p99 1.2ms"));

        schedule.getSpec().setSuspend(true);
        assertThat(traceSchedule.on(schedule).status()).isEqualTo("Suspended");
    }

    private static ScheduleRun run(String job, Phase phase) {
        ScheduleRun r = new ScheduleRun();
        r.setJob(job);
        r.setPhase(phase);
        return r;
    }
}
