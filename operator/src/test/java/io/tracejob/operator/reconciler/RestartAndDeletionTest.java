package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartAndDeletionTest {
    private static final String RESULT =
            Results.of(Results.latencies(7, 3000, 25_000), StopReason.Completed).toJson();

    private static boolean agentRunning(Harness h, TraceJob job) {
        return h.agentPodsOf(job).stream()
                .anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void operatorRestartMidTraceStartsNoSecondAgentAndTheResultStillLands() {
        try (Harness h = new Harness(pod -> Termination.exit(0, RESULT)).startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            TraceJob job = h.workloads.create(Workloads.job(NS, "restart", Pick.Any));
            h.awaitPhase("restart", Phase.Running);
            await().atMost(Duration.ofSeconds(10)).until(() -> agentRunning(h, job));

            h.stopOperator();
            h.startOperator();
            // the new operator has synced and looked at the job; still the one agent
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    h
                                                    .registry
                                                    .find("operator.sdk.reconciliations.started")
                                                    .counters()
                                                    .stream()
                                                    .mapToDouble(c -> c.count())
                                                    .sum()
                                            >= 1);
            assertThat(h.agentPodsOf(job)).hasSize(1);

            h.kubelet.release();
            TraceJob done = h.awaitPhase("restart", Phase.Succeeded);
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(3000);
            assertThat(h.kubelet.started()).hasSize(1);
        }
    }

    @Test
    void agentsStartedButNotRecordedAreAdoptedNotDuplicated() {
        try (Harness h = new Harness(pod -> Termination.exit(0, RESULT)).startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            TraceJob job = h.workloads.create(Workloads.job(NS, "lost-status", Pick.Any));
            h.awaitPhase("lost-status", Phase.Running);
            await().atMost(Duration.ofSeconds(10)).until(() -> agentRunning(h, job));
            h.stopOperator();
            // as if the operator had died between creating the agent and recording it
            h.client
                    .resources(TraceJob.class)
                    .inNamespace(NS)
                    .withName("lost-status")
                    .editStatus(
                            j -> {
                                j.getStatus().setPhase(Phase.Selecting);
                                j.getStatus().setAgentPods(null);
                                j.getStatus().setTarget(null);
                                return j;
                            });
            h.startOperator();
            h.kubelet.release();
            TraceJob done = h.awaitPhase("lost-status", Phase.Succeeded);
            assertThat(h.kubelet.started()).hasSize(1);
            assertThat(done.getStatus().getTarget().getPod()).isEqualTo("shop-a");
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(3000);
            h.awaitEvents("lost-status", "AgentsAdopted");
        }
    }

    @Test
    void deletingATraceJobMidTraceRemovesItsAgentPod() {
        try (Harness h = new Harness(pod -> Termination.exit(0, RESULT)).startOperator()) {
            h.kubelet.hold();
            h.workloads.targetPod(NS, "shop-a", "node-1");
            TraceJob job = h.workloads.create(Workloads.job(NS, "deleted", Pick.Any));
            h.awaitPhase("deleted", Phase.Running);
            await().atMost(Duration.ofSeconds(10)).until(() -> agentRunning(h, job));
            assertThat(h.job("deleted").getMetadata().getFinalizers()).isNotEmpty();

            h.client.resource(h.job("deleted")).delete();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.agentPodsOf(job).isEmpty() && h.job("deleted") == null);
        }
    }

    @Test
    void finishedTraceJobIsDeletedAfterItsTtl() {
        try (Harness h = new Harness(pod -> Termination.exit(0, RESULT)).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            TraceJob job = Workloads.job(NS, "ttl", Pick.Any);
            job.getSpec().setTtlSecondsAfterFinished(2);
            h.workloads.create(job);
            TraceJob done = h.awaitPhase("ttl", Phase.Succeeded);
            assertThat(h.job("ttl")).isNotNull();
            await().atMost(Duration.ofSeconds(15)).until(() -> h.job("ttl") == null);
            java.time.Instant completed =
                    java.time.Instant.parse(done.getStatus().getCompletionTime());
            assertThat(java.time.Instant.now()).isAfterOrEqualTo(completed.plusSeconds(2));
        }
    }
}
