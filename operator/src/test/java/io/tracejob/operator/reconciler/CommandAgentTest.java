package io.tracejob.operator.reconciler;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Pick;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.completion.FailureReasons;
import io.tracejob.operator.testsupport.CommandAgentRunner;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Workloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kubelet fixture running a process with exactly the agent pod's arguments (the real agent
 * plugs in here).
 */
class CommandAgentTest {

    private static CommandAgentRunner script(String name, Duration deadline) {
        String path =
                MockCluster.repoRoot()
                        .resolve("operator/src/test/resources/fake-agents")
                        .resolve(name)
                        .toString();
        return new CommandAgentRunner(List.of("/bin/sh", path), deadline, Duration.ofSeconds(5));
    }

    @Test
    void agentProcessGetsThePodsArgumentsAndItsResultFileBecomesTheStatus() {
        try (Harness h = new Harness(script("ok.sh", null)).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "cmd", Pick.Any));
            TraceJob done = h.awaitPhase("cmd", Phase.Succeeded);
            String uid =
                    h.client.pods().inNamespace(NS).withName("shop-a").get().getMetadata().getUid();
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(42);
            assertThat(done.getStatus().getResult().getAttachPoint())
                    .isEqualTo(Workloads.containerId(NS, "shop-a") + " " + uid);
        }
    }

    @Test
    void exitThreeWithPlainTextMessageIsNodeLacksCapability() {
        try (Harness h = new Harness(script("lacks.sh", null)).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "cmd", Pick.Any));
            TraceJob failed = h.awaitPhase("cmd", Phase.Failed);
            assertThat(failed.getStatus().getConditions())
                    .anySatisfy(
                            c ->
                                    assertThat(c.getReason())
                                            .isEqualTo(FailureReasons.NODE_LACKS_CAPABILITY));
            assertThat(failed.getStatus().getMessage())
                    .contains("node node-1")
                    .contains("kprobe_events is missing");
        }
    }

    @Test
    void sigtermAtTheDeadlineStillDeliversThePartialResult() {
        try (Harness h = new Harness(script("slow.sh", Duration.ofSeconds(3))).startOperator()) {
            h.workloads.targetPod(NS, "shop-a", "node-1");
            h.workloads.create(Workloads.job(NS, "cmd", Pick.Any));
            TraceJob done = h.awaitPhase("cmd", Phase.Succeeded);
            assertThat(done.getStatus().getResult().getCount()).isEqualTo(7);
            assertThat(done.getStatus().getConditions())
                    .anySatisfy(
                            c -> {
                                assertThat(c.getType()).isEqualTo("Complete");
                                assertThat(c.getReason()).isEqualTo("PartialResult");
                            });
        }
    }
}
