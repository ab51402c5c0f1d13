package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentLabels;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.Results;
import io.tracejob.operator.testsupport.Termination;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    /** The agent's result for whichever pod it traces: a histogram seeded by the target's name. */
    private static Termination resultFor(Pod agent) {
        String target = AgentLabels.annotation(agent, AgentLabels.TARGET_POD);
        Histogram h = Results.latencies(target.hashCode(), 5000, 40_000);
        return Termination.exit(0, Results.of(h, StopReason.Completed).toJson());
    }

    @Test
    void pickAnyTracesFirstReadyPodByNameAndRecordsTheResult() {
        try (Harness h = new Harness(LifecycleTest::resultFor).startOperator()) {
            h.workloads.targetPod(NS, "shop-b", "node-2");
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "any", Pick.Any));

            TraceJob done = h.awaitPhase("any", Phase.Succeeded);
            var s = done.getStatus();
            assertThat(s.getTarget().getPod()).isEqualTo("shop-a");
            assertThat(s.getTarget().getNode()).isEqualTo("node-1");
            assertThat(s.getTarget().getContainerID())
                    .isEqualTo(Workloads.containerId(NS, "shop-a"));
            Histogram expected = Results.latencies("shop-a".hashCode(), 5000, 40_000);
            assertThat(s.getResult().getCount()).isEqualTo(5000);
            assertThat(s.getResult().getPercentiles().getP99())
                    .isEqualTo(expected.getValueAtPercentile(99));
            assertThat(s.getResult().decodeHistogram()).isEqualTo(expected);
            assertThat(s.getDisplay().getP50()).endsWith("µs");
            assertThat(s.getAgentPods()).hasSize(1);
            assertThat(s.getStartTime()).isNotNull();
            assertThat(s.getCompletionTime()).isNotNull();
            assertThat(s.getConditions())
                    .extracting(c -> c.getType() + "=" + c.getStatus())
                    .contains("Accepted=True", "Selected=True", "Running=False", "Complete=True");
            h.awaitEvents("any", "Accepted", "Selecting", "Selected", "AgentsStarted", "Completed");
            // result captured: the agent pod is removed
            await().atMost(Duration.ofSeconds(10)).until(() -> h.agentPodsOf(done).isEmpty());
            assertThat(h.kubelet.started()).hasSize(1);
        }
    }

    @Test
    void podNameTracesThatPodWithAnAgentBuiltForIt() {
        try (Harness h =
                new Harness(LifecycleTest::resultFor, b -> b.keepAgentPods(true)).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.targetPod(NS, "shop-b", "node-2");
            TraceJob job = h.workloads.create(Workloads.jobForPod(NS, "named", "shop-b"));

            TraceJob done = h.awaitPhase("named", Phase.Succeeded);
            assertThat(done.getStatus().getTarget().getPod()).isEqualTo("shop-b");
            assertThat(done.getStatus().getTarget().getSelectedBy()).contains("podName");
            List<Pod> agents = h.agentPodsOf(job);
            assertThat(agents).hasSize(1); // kept by configuration
            Pod agent = agents.get(0);
            assertThat(agent.getSpec().getNodeName()).isEqualTo("node-2");
            List<String> args = agent.getSpec().getContainers().get(0).getArgs();
            assertThat(args.get(args.indexOf("--container-id") + 1))
                    .isEqualTo(Workloads.containerId(NS, "shop-b"));
            assertThat(args.get(args.indexOf("--pod-uid") + 1))
                    .isEqualTo(
                            h.client
                                    .pods()
                                    .inNamespace(NS)
                                    .withName("shop-b")
                                    .get()
                                    .getMetadata()
                                    .getUid());
            Result r = done.getStatus().getResult();
            assertThat(r.getPercentiles().getP99())
                    .isEqualTo(
                            Results.latencies("shop-b".hashCode(), 5000, 40_000)
                                    .getValueAtPercentile(99));
        }
    }
}
