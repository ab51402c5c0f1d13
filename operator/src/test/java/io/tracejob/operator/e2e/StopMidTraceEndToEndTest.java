package io.tracejob.operator.e2e;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.agent.testsupport.TestCgroup;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.status.StatusRecorder;
import io.tracejob.operator.testsupport.CommandAgentRunner;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.KillSwitchConfigMap;
import io.tracejob.operator.testsupport.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch against the real agent: a minute-long trace is stopped once the target has made
 * its calls; the agent gets SIGTERM from the (fake) kubelet, detaches and writes a partial Result,
 * whose percentiles must be those of the calls made until then, checked against the target's own
 * timing. Prints the time from the switch to the last agent detached (docs/benchmarks.md).
 */
class StopMidTraceEndToEndTest {
    static final int CALLS = 2000;

    @TempDir Path dir;

    @Test
    void theSwitchStopsTheRealAgentMidTraceAndItsPartialResultHasTheCallsMadeUntilThen()
            throws Exception {
        RealAgentEndToEndTest.requireHost();
        Path binary = SteadyTarget.compile(dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CommandAgentRunner agent =
                new CommandAgentRunner(
                        List.of(
                                java.toString(),
                                "-jar",
                                RealAgentEndToEndTest.AGENT_JAR.toString()),
                        null,
                        Duration.ofSeconds(15));
        try (Harness h = new Harness(agent).startOperator()) {
            h.kubelet.onSigterm(agent::sigterm);
            KillSwitchConfigMap.install(h.client);
            String podName = "shop-stop-" + Long.toHexString(System.nanoTime() & 0xffffff);
            Pod pod = h.workloads.targetPod(NS, podName, "node-1");
            String hex = Workloads.containerId(NS, podName).substring("containerd://".length());
            Path truthFile = dir.resolve("truth.txt");
            try (TestCgroup cgroup =
                            new TestCgroup(
                                    RealAgentEndToEndTest.PIDS,
                                    "tj-stop-"
                                            + hex.substring(0, 12)
                                            + "/kubepods/besteffort/pod"
                                            + pod.getMetadata().getUid()
                                            + "/"
                                            + hex);
                    SteadyTarget target = SteadyTarget.start(binary, truthFile)) {
                target.expect("ready", 30);
                cgroup.enter(target.pid());
                TraceJob job = RealAgentEndToEndTest.job(podName, binary);
                job.getSpec().setDuration("10m"); // ends only by the switch
                h.workloads.create(job);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () -> {
                                    RealAgentEndToEndTest.failIfFailed(h);
                                    return agent.hasPrinted(
                                            RealAgentEndToEndTest.ATTACHED_ANNOUNCEMENT);
                                });
                target.run(CALLS, 2000);
                target.expect("done", 30);

                long flipped = System.nanoTime();
                KillSwitchConfigMap.set(h.client, "true", "e2e");
                TraceJob done;
                try {
                    done = RealAgentEndToEndTest.awaitFinished(h);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            "the stopped job did not finish; status "
                                    + Serialization.asJson(
                                            h.job(RealAgentEndToEndTest.JOB).getStatus())
                                    + "; agent pods "
                                    + Serialization.asJson(h.agentPods()),
                            e);
                }
                long toResult = System.nanoTime() - flipped;
                await().atMost(Duration.ofSeconds(30)).until(() -> h.agentPods().isEmpty());
                String drain =
                        h.registry
                                .scrape()
                                .lines()
                                .filter(l -> l.startsWith("tracejob_kill_switch_drain_seconds_sum"))
                                .findFirst()
                                .orElseThrow();

                assertThat(done.getStatus().getPhase())
                        .as("phase; message: %s", done.getStatus().getMessage())
                        .isEqualTo(Phase.Succeeded);
                Result r = done.getStatus().getResult();
                Truth truth = Truth.read(truthFile, r.getSignificantDigits());
                System.out.printf(
                        "e2e stop: switch -> partial result in status %d ms; %s; %d of %d calls, p50 %d ns (truth %d..%d), p99 %d ns (truth %d..%d)%n",
                        toResult / 1_000_000,
                        drain,
                        r.getCount(),
                        truth.calls(),
                        r.getPercentiles().getP50(),
                        truth.inside().getValueAtPercentile(50),
                        truth.around().getValueAtPercentile(50),
                        r.getPercentiles().getP99(),
                        truth.inside().getValueAtPercentile(99),
                        truth.around().getValueAtPercentile(99));
                assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
                assertThat(StatusRecorder.condition(done, "Stopped").orElseThrow().getReason())
                        .isEqualTo("TracingPaused");
                assertThat(truth.calls()).isEqualTo(CALLS);
                assertThat(r.getCount()).as("calls traced until the stop").isEqualTo(CALLS);
                RealAgentEndToEndTest.assertBracketed(
                        "p50", r.getPercentiles().getP50(), truth, 50);
                RealAgentEndToEndTest.assertBracketed(
                        "p99", r.getPercentiles().getP99(), truth, 99);
                assertThat(h.kubelet.started()).hasSize(1);
            }
        }
    }
}
