package io.tracejob.operator.e2e;

import static io.tracejob.operator.testsupport.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TestCgroup;
import io.tracejob.api.v1alpha1.HumanDuration;
import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.testsupport.CommandAgentRunner;
import io.tracejob.operator.testsupport.Harness;
import io.tracejob.operator.testsupport.MockCluster;
import io.tracejob.operator.testsupport.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on one machine: the real operator against the mock API server, the fake kubelet
 * running the real agent jar with exactly the agent pod's arguments, and a real gcc-compiled
 * process placed in a real cgroup named after the target pod's container ID and UID. The TraceJob's
 * status must end with that process's real percentiles, which the process checks against its own
 * timing of every call.
 */
class RealAgentEndToEndTest {
    static final Path AGENT_JAR = MockCluster.repoRoot().resolve("agent/target/tracejob-agent.jar");
    static final String JOB = "e2e";

    /**
     * the "container" is a kubelet-shaped cgroup here, so the agent finds it by container ID and
     * pod UID
     */
    static final Path PIDS = Path.of("/sys/fs/cgroup/pids");

    static final int CALLS = 4000;
    static final int PER_SECOND =
            2000; // 2 s of calls inside a 6 s trace: room for a loaded CI machine
    static final String TRACE_DURATION = "6s";

    /** The agent prints this once every probe is in place (entry and return), and only then. */
    static final String ATTACHED_ANNOUNCEMENT = "Tracing ";

    @TempDir Path dir;

    @Test
    void realAgentTracesTheProcessInThePodsCgroupAndTheStatusEndsWithItsPercentiles()
            throws Exception {
        requireHost();
        Path binary = SteadyTarget.compile(dir);
        long work = SteadyTarget.symbolAddress(binary, SteadyTarget.FUNCTION);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CommandAgentRunner agent =
                new CommandAgentRunner(
                        List.of(java.toString(), "-jar", AGENT_JAR.toString()),
                        null,
                        Duration.ofSeconds(10));

        try (Harness h = new Harness(agent).startOperator()) {
            String podName = "shop-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
            Pod pod = h.workloads.targetPod(NS, podName, "node-1");
            String uid = pod.getMetadata().getUid();
            String containerId = Workloads.containerId(NS, podName);
            assertThat(uid).as("metadata.uid the mock server gave the target pod").isNotBlank();
            assertThat(pod.getStatus().getContainerStatuses().get(0).getContainerID())
                    .isEqualTo(containerId);
            String hex = containerId.substring("containerd://".length());
            Path truthFile = dir.resolve("truth.txt");

            try (TestCgroup cgroup =
                            new TestCgroup(
                                    PIDS,
                                    "tj-e2e-"
                                            + hex.substring(0, 12)
                                            + "/kubepods/besteffort/pod"
                                            + uid
                                            + "/"
                                            + hex);
                    SteadyTarget target = SteadyTarget.start(binary, truthFile)) {
                target.expect("ready", 30);
                cgroup.enter(target.pid());
                assertThat(cgroup.procs()).containsExactly(Integer.toString(target.pid()));
                byte[] original = target.codeAt(work, 8);

                h.workloads.create(job(podName, binary));
                // The calls begin once the agent says every probe is attached, so the trace must
                // see them all. The first
                // code change alone is not enough: it comes with the first of the two probes.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () -> {
                                    failIfFailed(h);
                                    return agent.hasPrinted(ATTACHED_ANNOUNCEMENT);
                                });
                assertThat(target.codeDiffers(work, original))
                        .as("the probe is in the target's code once the agent says so")
                        .isTrue();
                target.run(CALLS, PER_SECOND);
                target.expect("done", 30);

                TraceJob done = awaitFinished(h);
                assertThat(done.getStatus().getPhase())
                        .as("phase; message: %s", done.getStatus().getMessage())
                        .isEqualTo(Phase.Succeeded);
                Result r = done.getStatus().getResult();
                Truth truth = Truth.read(truthFile, r.getSignificantDigits());

                System.out.printf(
                        "e2e: %d of %d calls traced; p50 %d ns (truth %d..%d), p99 %d ns (truth %d..%d), overhead %s%n",
                        r.getCount(),
                        truth.calls(),
                        r.getPercentiles().getP50(),
                        truth.inside().getValueAtPercentile(50),
                        truth.around().getValueAtPercentile(50),
                        r.getPercentiles().getP99(),
                        truth.inside().getValueAtPercentile(99),
                        truth.around().getValueAtPercentile(99),
                        r.getOverhead() == null
                                ? "-"
                                : r.getOverhead().getEstimatedCpuPercent() + " % CPU");
                assertThat(truth.calls()).isEqualTo(CALLS);
                assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
                assertThat(r.getCount()).as("calls traced").isEqualTo(CALLS);
                assertThat(r.getProcessesTraced()).isEqualTo(1);
                // Found only through the cgroup named after the pod's container ID and UID: the
                // agent got no pid.
                assertThat(r.getAttachPoint()).contains(binary + ":" + SteadyTarget.FUNCTION);
                if (r.getInFlight() != null) assertThat(r.getInFlight().getCount()).isZero();
                if (r.getHistogram() != null) {
                    Histogram measured = r.decodeHistogram();
                    assertThat(measured.getTotalCount()).isEqualTo(r.getCount());
                    assertThat(r.getPercentiles().getP50())
                            .isEqualTo(measured.getValueAtPercentile(50));
                }

                // Per call inside <= measured <= around, and bucketing is monotonic, so a
                // percentile of the
                // measured histogram lies between the same percentile of the two truth histograms.
                assertBracketed("p50", r.getPercentiles().getP50(), truth, 50);
                assertBracketed("p90", r.getPercentiles().getP90(), truth, 90);
                assertBracketed("p99", r.getPercentiles().getP99(), truth, 99);
                // And in the steps the target was built with: 40 % 10 µs, 40 % 50 µs, 18 % 200 µs,
                // 2 % 1 ms. The
                // 1 ms step's upper end is the bracket's above: on a loaded node preemption
                // stretches the slow calls
                // (p99 6.9 ms at load 20, inside the target's own timing of them).
                assertThat(r.getPercentiles().getP50()).isBetween(50_000L, 99_999L);
                assertThat(r.getPercentiles().getP99()).isGreaterThanOrEqualTo(1_000_000L);

                assertThat(done.getStatus().getTarget().getPod()).isEqualTo(podName);
                assertThat(done.getStatus().getDisplay().getP50())
                        .isEqualTo(HumanDuration.format(r.getPercentiles().getP50()));
                assertThat(done.getStatus().getDisplay().getP99())
                        .isEqualTo(HumanDuration.format(r.getPercentiles().getP99()));
                assertThat(done.getStatus().getDisplay().getP9999())
                        .isEqualTo(HumanDuration.format(r.getPercentiles().getP9999()));

                assertThat(h.kubelet.started()).hasSize(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> h.agentPods().isEmpty());
            }
        }
    }

    static void requireHost() {
        Kernel.requireEbpf();
        Kernel.require(
                Files.isWritable(PIDS.resolve("cgroup.procs")),
                "a cgroup v1 pids hierarchy at " + PIDS);
        Kernel.require(
                Files.isRegularFile(AGENT_JAR),
                "the agent jar " + AGENT_JAR + " (built by mvn package of module agent)");
        Kernel.requireCommand("gcc");
        Kernel.requireCommand("nm");
    }

    static TraceJob job(String podName, Path binary) {
        TraceJob job = Workloads.jobForPod(NS, JOB, podName);
        job.getSpec()
                .getProbe()
                .setBinary(binary.toString()); // the container's root is this host's
        job.getSpec().getProbe().setFunction(SteadyTarget.FUNCTION);
        job.getSpec().setDuration(TRACE_DURATION);
        job.getSpec().getOverheadBudget().setMaxCpuPercent(50.0); // measure, don't throttle
        return job;
    }

    static void assertBracketed(String name, long measured, Truth truth, double percentile) {
        assertThat(measured)
                .as("%s against the target's own timing", name)
                .isBetween(
                        truth.inside().getValueAtPercentile(percentile),
                        truth.around().getValueAtPercentile(percentile));
    }

    static void failIfFailed(Harness h) {
        TraceJob j = h.job(JOB);
        if (j != null && j.getStatus() != null && j.getStatus().getPhase() == Phase.Failed) {
            fail("TraceJob failed before the agent attached: " + j.getStatus().getMessage());
        }
    }

    static TraceJob awaitFinished(Harness h) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            TraceJob j = h.job(JOB);
                            Phase p =
                                    j == null || j.getStatus() == null
                                            ? null
                                            : j.getStatus().getPhase();
                            return p == Phase.Succeeded || p == Phase.Failed;
                        });
        return h.job(JOB);
    }
}
