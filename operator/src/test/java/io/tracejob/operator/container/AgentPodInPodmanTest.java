package io.tracejob.operator.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.Nm;
import io.tracejob.agent.testsupport.Podman;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.operator.agentpod.AgentPodFactory;
import io.tracejob.operator.agentpod.AgentRole;
import io.tracejob.operator.config.ImageNames;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.selection.PodTarget;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent pod as deployed, in real containers (podman + runc): the agent runs from the image
 * {@code .ci/build-images} built, with the pod {@link AgentPodFactory} builds translated to podman
 * flags by {@link PodmanPodTranslation} (exact capabilities, read-only root, /tmp size, tracefs
 * read-only, termination file, no network, podman's default seccomp profile, resource limits). The
 * target is the demo's sample match engine in a container of its own; a second container of the
 * same rootfs runs the same binary untraced. The Result in the termination file must name the
 * target's process and agree with the target's own count and timing.
 */
class AgentPodInPodmanTest {
    static final String NODE = "this-node";
    static final String BINARY = "/app/match-engine";
    static final String FUNCTION = "match_order";

    /**
     * orders per second and seconds: the engine's calls start once the agent has attached, and end
     * before it stops
     */
    static final String RATE = "2000";

    static final String SECONDS = "3";
    static final String SEED = "7";

    @TempDir static Path dir;
    static Path rootfs;
    static Path engine;

    @BeforeAll
    static void setUp() throws Exception {
        Kernel.requireEbpf();
        Podman.require();
        Kernel.require(
                Podman.status("image", "exists", ImageNames.agent()) == 0,
                "the agent image " + ImageNames.agent() + " (build it with .ci/build-images)");
        rootfs = dir.resolve("rootfs");
        Path source =
                MockCluster.repoRoot().resolve("agent/src/main/resources/samples/match_engine.c");
        // static, as the demo builds it otherwise (-O2 -g): the container's root holds nothing but
        // the engine
        engine =
                Gcc.compileFile(
                        source,
                        Files.createDirectories(rootfs.resolve("app")).resolve("match-engine"),
                        "-O2",
                        "-static");
    }

    @Test
    void agentImageUnderThePodsSecurityContextTracesTheTargetContainerOnly() throws Exception {
        String uid = UUID.randomUUID().toString();
        String top = "tjimage-" + uid.substring(0, 8);
        Path termination = Files.createFile(dir.resolve("termination-" + uid));
        String agentName = null;
        List<String> containers = new ArrayList<>();
        // the same seed: both engines match the same order stream, so the untraced one times the
        // calls without probes
        try (TargetProcess target = engine(top, uid, containers);
                TargetProcess bystander = engine(top, UUID.randomUUID().toString(), containers)) {
            target.expect("started");
            bystander.expect("started");
            String id = Files.readString(Path.of(containers.get(0))).trim();
            int targetPid = hostPid(id);
            int bystanderPid = hostPid(Files.readString(Path.of(containers.get(1))).trim());
            long matchOrder = Nm.address(engine, FUNCTION);

            Pod pod =
                    new AgentPodFactory(
                                    OperatorConfig.builder()
                                            .agentNamespace("tracejob-agents")
                                            .build())
                            .build(
                                    job(),
                                    AgentRole.TRACE,
                                    new PodTarget(
                                            "match-engine-0",
                                            "shop",
                                            NODE,
                                            uid,
                                            "engine",
                                            "podman://" + id),
                                    Duration.ofSeconds(30));
            PodmanPodTranslation podman = PodmanPodTranslation.of(pod, NODE, termination);
            List<String> cmd =
                    Podman.command(
                            "run",
                            "--rm"); // --rm is not the pod's: cleanup of the test's container
            cmd.addAll(podman.runArguments());
            agentName = pod.getMetadata().getName() + "-" + AgentPodFactory.CONTAINER;

            try (TargetProcess agent = TargetProcess.start(cmd)) {
                agent.expect("Tracing ", 120);
                assertThat(breakpoint(targetPid, matchOrder))
                        .as("int3 in the target's match_order")
                        .isTrue();
                assertThat(breakpoint(bystanderPid, matchOrder))
                        .as("no int3 in the other container's match_order")
                        .isFalse();
                target.send("go");
                bystander.send("go");
                long calls = value(target, "calls=");
                long selfP50 = value(target, "self_p50_ns=");
                long selfP99 = value(target, "self_p99_ns=");
                // the same order stream, but a stall on a loaded machine can drop a different
                // number of orders
                assertThat(value(bystander, "calls="))
                        .as("the other container ran its orders")
                        .isPositive();
                long plainP50 = value(bystander, "self_p50_ns=");
                long plainP99 = value(bystander, "self_p99_ns=");

                String name = agentName;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Podman.status("container", "exists", name) != 0);
                String json = Files.readString(termination);
                assertThat(json).as("the termination message").startsWith("{");
                Result r = Result.fromJson(json);
                assertThat(r.getStopReason()).isEqualTo(StopReason.TargetExited);
                assertThat(r.getProcessesTraced()).isEqualTo(1);
                assertThat(r.getAttachPoint()).contains(BINARY + ":" + FUNCTION);
                assertThat(r.getCount())
                        .as("calls counted vs the engine's own count")
                        .isEqualTo(calls);
                // Each engine times every call itself. The traced one's timing includes both
                // probes' traps; the agent's excludes part of them (its clock starts after the
                // entry trap and stops before the return trap); the untraced one's has none. So the
                // agent's p50 lies between the two, within the histogram's error.
                assertThat(r.getPercentiles().getP50())
                        .as(
                                "p50 between the untraced %d ns and the traced %d ns",
                                plainP50, selfP50)
                        .isBetween(Math.round(plainP50 * 0.8), Math.round(selfP50 * 1.2));
                // At p99 a stall of the other container (the hypervisor, the agent's JVM on the
                // same two CPUs) is not one the target had: its p99 once came out 113 µs against
                // the traced target's 85 µs. The agent times the same calls as the target, stalls
                // included, so it cannot be far below the lower of the two, nor above the target's.
                long lowerP99 = Math.min(plainP99, selfP99);
                assertThat(r.getPercentiles().getP99())
                        .as(
                                "p99 between the lower of the untraced %d ns and the traced %d ns,"
                                        + " and the traced",
                                plainP99, selfP99)
                        .isBetween(Math.round(lowerP99 * 0.8), Math.round(selfP99 * 1.2));
            }
        } finally {
            if (agentName != null) Podman.status("rm", "-f", "-t", "0", agentName);
            for (String cidFile : containers) {
                if (Files.exists(Path.of(cidFile)))
                    Podman.status("rm", "-f", "-t", "0", Files.readString(Path.of(cidFile)).trim());
            }
            Podman.removeParentCgroups(top);
        }
    }

    static TraceJob job() {
        return Serialization.unmarshal(
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata: {name: match-order, namespace: shop, uid: 6f1c2d7e-0000-4000-8000-000000000001}
                spec:
                  target: {podName: match-engine-0}
                  probe: {family: Uprobe, binary: %s, function: %s}
                  duration: 30s
                  interval: 1s
                  overheadBudget: {maxCpuPercent: 50.0}
                """
                        .formatted(BINARY, FUNCTION),
                TraceJob.class);
    }

    /**
     * The engine in a container under a kubelet-shaped parent cgroup for pod {@code uid}, waiting
     * for "go" on stdin.
     */
    private static TargetProcess engine(String top, String uid, List<String> cidFiles)
            throws IOException {
        Path cidFile = dir.resolve("cid-" + uid);
        cidFiles.add(cidFile.toString());
        return TargetProcess.start(
                Podman.command(
                        "run",
                        "-i",
                        "--rm",
                        "--network",
                        "none",
                        "--cidfile",
                        cidFile.toString(),
                        "--cgroup-parent",
                        "/" + top + "/kubepods/besteffort/pod" + uid,
                        "--rootfs",
                        rootfs.toString(),
                        BINARY,
                        RATE,
                        SECONDS,
                        SEED,
                        "1"));
    }

    private static boolean breakpoint(int pid, long address) throws IOException {
        for (int i = 0; i < 8; i++) if (Memory.byteAt(pid, address + i) == 0xcc) return true;
        return false;
    }

    private static long value(TargetProcess p, String key) throws InterruptedException {
        return Long.parseLong(p.expect(key, 60).substring(key.length()).trim());
    }

    private static int hostPid(String id) throws IOException, InterruptedException {
        return Integer.parseInt(Podman.run("inspect", "--format", "{{.State.Pid}}", id));
    }
}
