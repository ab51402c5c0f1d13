package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.status.StatusRecorder;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.KillSwitchConfigMap;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide switch: every tracing job stops and keeps its partial result, new jobs wait with
 * a Paused condition naming the reason, the release starts them.
 */
class KillSwitchTest {

    private static Termination completed(Pod agent) {
        String target = AgentLabels.annotation(agent, AgentLabels.TARGET_POD);
        Histogram h = Results.latencies(target.hashCode(), 5000, 40_000);
        return Termination.exit(0, Results.of(h, StopReason.Completed).toJson());
    }

    @Test
    void theSwitchStopsEveryTraceHoldsNewJobsAndItsReleaseResumesThem() {
        try (Harness h = new Harness(KillSwitchTest::completed).startOperator()) {
            KillSwitchConfigMap.install(h.client);
            h.kubelet.hold();
            h.kubelet.onSigterm(StopTest::partial);
            List<String> jobs = List.of("on-node-1", "on-node-2", "on-node-3");
            for (int i = 1; i <= 3; i++) {
                h.workloads.targetPod(NS, "shop-" + i, "node-" + i);
                h.workloads.create(Workloads.jobForPod(NS, jobs.get(i - 1), "shop-" + i));
            }
            jobs.forEach(j -> h.awaitPhase(j, Phase.Running));
            StopTest.awaitRunningAgents(h, 3);

            KillSwitchConfigMap.set(h.client, "true", "incident 4711: checkout latency");

            for (int i = 1; i <= 3; i++) {
                TraceJob done = h.awaitPhase(jobs.get(i - 1), Phase.Succeeded);
                assertThat(done.getStatus().getResult().getCount()).isEqualTo(700);
                assertThat(done.getStatus().getResult().getStopReason())
                        .isEqualTo(StopReason.Signalled);
                var stopped = StatusRecorder.condition(done, "Stopped").orElseThrow();
                assertThat(stopped.getReason()).isEqualTo("TracingPaused");
                assertThat(stopped.getMessage()).contains("incident 4711: checkout latency");
            }
            h.awaitEvents("on-node-1", "TracingPaused", "PartialResult");
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPods().isEmpty());

            h.workloads.targetPod(NS, "shop-4", "node-1");
            h.workloads.create(Workloads.jobForPod(NS, "late", "shop-4"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StatusRecorder.isTrue(h.job("late"), "Paused"));
            TraceJob late = h.job("late");
            assertThat(StatusRecorder.condition(late, "Paused").orElseThrow().getMessage())
                    .contains("incident 4711");
            assertThat(late.getStatus().getPhase()).isNotEqualTo(Phase.Running);
            assertThat(h.kubelet.started()).hasSize(3);
            String metrics = h.registry.scrape();
            assertThat(metrics).contains("tracejob_kill_switch_paused 1.0");
            assertThat(metrics).contains("tracejob_jobs_stopped_total{by=\"kill-switch\"} 3.0");
            assertThat(metrics).contains("tracejob_kill_switch_drain_seconds_count 1");

            KillSwitchConfigMap.set(h.client, "false", "");
            h.kubelet.release();

            TraceJob resumed = h.awaitPhase("late", Phase.Succeeded);
            assertThat(resumed.getStatus().getResult().getCount()).isEqualTo(5000);
            assertThat(StatusRecorder.condition(resumed, "Paused").orElseThrow().getReason())
                    .isEqualTo("TracingResumed");
            assertThat(StatusRecorder.condition(resumed, "Stopped")).isEmpty();
            assertThat(h.kubelet.started()).hasSize(4);
            assertThat(h.registry.scrape()).contains("tracejob_kill_switch_paused 0.0");
        }
    }
}
