package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.status.StatusRecorder;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** spec.stop: a tracing job keeps what its agents measured; a waiting one starts no agent. */
class StopTest {

    /** What the agent writes on SIGTERM: the calls it saw until then, stopReason Signalled. */
    static Termination partial(Pod agent) {
        String target = AgentLabels.annotation(agent, AgentLabels.TARGET_POD);
        Histogram h = Results.latencies(target.hashCode(), 700, 40_000);
        return Termination.exit(0, Results.of(h, StopReason.Signalled).toJson());
    }

    static void stop(Harness h, String name) {
        h.client
                .resources(TraceJob.class)
                .inNamespace(NS)
                .withName(name)
                .edit(
                        j -> {
                            j.getSpec().setStop(true);
                            return j;
                        });
    }

    static void awaitRunningAgents(Harness h, int n) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                h.agentPods().stream()
                                                .filter(
                                                        p ->
                                                                p.getStatus() != null
                                                                        && "Running"
                                                                                .equals(
                                                                                        p.getStatus()
                                                                                                .getPhase()))
                                                .count()
                                        == n);
    }

    /** DELETE requests for agent pods the API server received, with their bodies. */
    static List<RecordedRequest> agentPodDeletes(Harness h) throws InterruptedException {
        List<RecordedRequest> deletes = new ArrayList<>();
        RecordedRequest r;
        while ((r = h.cluster.server().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if ("DELETE".equals(r.getMethod())
                    && r.getPath().contains("/namespaces/" + Harness.AGENT_NS + "/pods/")) {
                deletes.add(r);
            }
        }
        return deletes;
    }

    @Test
    void stoppingARunningJobKeepsThePartialResultAndDeletesTheAgentGracefully()
            throws InterruptedException {
        try (Harness h = new Harness(StopTest::partial).startOperator()) {
            h.kubelet.hold(); // the agent traces until stopped
            h.kubelet.onSigterm(StopTest::partial);
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "long", Pick.Any));
            h.awaitPhase("long", Phase.Running);
            awaitRunningAgents(h, 1);
            String agent = h.agentPods().get(0).getMetadata().getName();

            stop(h, "long");

            TraceJob done = h.awaitPhase("long", Phase.Succeeded);
            var s = done.getStatus();
            Histogram expected = Results.latencies("shop-a".hashCode(), 700, 40_000);
            assertThat(s.getResult().getCount()).isEqualTo(700);
            assertThat(s.getResult().getStopReason()).isEqualTo(StopReason.Signalled);
            assertThat(s.getResult().decodeHistogram()).isEqualTo(expected);
            assertThat(StatusRecorder.condition(done, "Complete").orElseThrow().getReason())
                    .isEqualTo("PartialResult");
            var stopped = StatusRecorder.condition(done, "Stopped").orElseThrow();
            assertThat(stopped.getStatus()).isEqualTo("True");
            assertThat(stopped.getReason()).isEqualTo("StopRequested");
            assertThat(stopped.getMessage()).startsWith("spec.stop set to true");
            h.awaitEvents("long", "StopRequested", "PartialResult");
            // the result is in status: the operator lets the pod go (finalizer removed)
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPodsOf(done).isEmpty());
            List<RecordedRequest> deletes = agentPodDeletes(h);
            assertThat(deletes)
                    .extracting(RecordedRequest::getPath)
                    .anyMatch(p -> p.endsWith("/" + agent));
            // graceful: the pod's own grace period applies, no gracePeriodSeconds: 0
            assertThat(deletes)
                    .allSatisfy(
                            d ->
                                    assertThat(d.getUtf8Body().replace(" ", ""))
                                            .doesNotContain("\"gracePeriodSeconds\":0"));
            assertThat(h.registry.scrape())
                    .contains("tracejob_jobs_stopped_total{by=\"spec\"} 1.0");
        }
    }

    @Test
    void stoppingAJobWaitingForANodeSlotEndsItWithoutAnAgent() {
        try (Harness h =
                new Harness(StopTest::partial, b -> b.maxAgentsPerNode(1)).startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.jobForPod(NS, "first", "shop-a"));
            h.awaitPhase("first", Phase.Running);
            h.workloads.create(Workloads.jobForPod(NS, "second", "shop-a"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StatusRecorder.isTrue(h.job("second"), "Waiting"));

            stop(h, "second");

            TraceJob second = h.awaitPhase("second", Phase.Failed);
            var failed = StatusRecorder.condition(second, "Failed").orElseThrow();
            assertThat(failed.getReason()).isEqualTo("Stopped");
            assertThat(failed.getMessage()).contains("nothing was measured");
            assertThat(StatusRecorder.condition(second, "Stopped").orElseThrow().getReason())
                    .isEqualTo("StopRequested");
            assertThat(second.getStatus().getAgentPods()).isNullOrEmpty();
            assertThat(h.kubelet.started()).hasSize(1); // the first job's agent only
            assertThat(h.job("first").getStatus().getPhase()).isEqualTo(Phase.Running);
        }
    }

    @Test
    void stoppingAJobWhilePreTracingEndsItAndDeletesThePreTraceAgents() {
        try (Harness h = new Harness(StopTest::partial).startOperator()) {
            h.kubelet.hold(); // the pre-traces run until stopped
            for (String p : List.of("shop-a", "shop-b")) h.workloads.targetPod(NS, p, "node-1");
            h.workloads.create(Workloads.job(NS, "ranking", Pick.Slowest)); // pre-trace by default
            awaitRunningAgents(h, 2);
            assertThat(h.agentPods())
                    .allSatisfy(
                            p ->
                                    assertThat(AgentLabels.label(p, AgentLabels.ROLE))
                                            .isEqualTo("pretrace"));

            stop(h, "ranking");

            TraceJob stopped = h.awaitPhase("ranking", Phase.Failed);
            assertThat(StatusRecorder.condition(stopped, "Failed").orElseThrow().getReason())
                    .isEqualTo("Stopped");
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPods().isEmpty());
            assertThat(h.kubelet.started()).hasSize(2); // no trace agent after the pre-traces
        }
    }
}
