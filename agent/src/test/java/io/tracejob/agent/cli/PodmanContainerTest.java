package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Podman;
import io.tracejob.agent.testsupport.StdoutWatch;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on the host, the target in a real podman container (runc): its own mount and PID
 * namespaces, its binary visible only through {@code /proc/<pid>/root}, its cgroup named by podman
 * after the container ID under a kubelet-shaped parent. The agent gets nothing but the container ID
 * and the pod UID, as from the operator.
 */
class PodmanContainerTest {
    @TempDir static Path dir;
    static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        Kernel.requireEbpf();
        Podman.require();
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        // static: the container's root holds nothing but this file, and the host path of the binary
        // is not the
        // one the spec names, so a host-side lookup of /busy would find nothing
        Gcc.compile("trace_busy.c", dir, "rootfs/busy", "-static");
    }

    @Test
    void findsTheContainersProcessByItsIdAndTracesTheBinaryInsideIt() throws Exception {
        String uid = UUID.randomUUID().toString();
        String parent = "/tjpodman-" + uid.substring(0, 8) + "/kubepods/besteffort/pod" + uid;
        Path cidFile = dir.resolve("cid-" + uid);
        Path result = dir.resolve("termination-" + uid);
        List<String> run =
                Podman.command(
                        "run",
                        "-i",
                        "--rm",
                        "--network",
                        "none",
                        "--cidfile",
                        cidFile.toString(),
                        "--cgroup-parent",
                        parent,
                        "--rootfs",
                        rootfs.toString(),
                        "/busy",
                        "/truth.txt");
        String id = null;
        try (TargetProcess t = TargetProcess.start(run);
                StdoutWatch stdout = new StdoutWatch()) {
            String ready = t.expect("ready");
            id = Files.readString(cidFile).trim();
            int hostPid = Integer.parseInt(Podman.run("inspect", "--format", "{{.State.Pid}}", id));
            assertThat(ready)
                    .as("the target sees its own PID namespace")
                    .isNotEqualTo("ready " + hostPid);
            assertThat(Files.readString(Path.of("/proc/" + hostPid + "/cgroup")))
                    .contains(parent + "/libpod-" + id);
            assertThat(Path.of("/busy"))
                    .as("the spec's binary exists only inside the container")
                    .doesNotExist();

            String spec =
                    """
                    {"target":{"podName":"match-engine-0"},
                     "probe":{"family":"Uprobe","binary":"/busy","function":"work"},
                     "duration":"4s","interval":"1s","overheadBudget":{"maxCpuPercent":50.0}}
                    """;
            String cid = id;
            Thread driver =
                    new Thread(
                            () -> {
                                try {
                                    await().atMost(Duration.ofSeconds(60))
                                            .until(() -> stdout.printed("Tracing "));
                                    t.send("run 300");
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            driver.start();
            PodCommandTest.Run agent = PodCommandTest.pod(spec, "podman://" + cid, uid, result);
            driver.join();
            t.expect("done");

            assertThat(agent.exit()).as(agent.err()).isZero();
            Result r = Result.fromJson(Files.readString(result));
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(r.getCount()).isEqualTo(300);
            assertThat(r.getProcessesTraced()).isEqualTo(1);
            assertThat(r.getAttachPoint()).contains("/busy:work");
            assertThat(stdout.printed("in pid " + hostPid + " "))
                    .as("traced the container's process by its host PID")
                    .isTrue();
            // the runtime's default seccomp profile filters the target: return probes went in only
            // because this node's check allowed them
            assertThat(io.tracejob.agent.safety.SeccompMode.of(hostPid))
                    .isEqualTo(io.tracejob.agent.safety.SeccompMode.FILTER);
            assertThat(
                            stdout.printed(
                                    "process "
                                            + hostPid
                                            + " runs under a seccomp filter; return probes are safe there on this node"))
                    .isTrue();
            // the call durations the target chose (5 µs .. 1 ms), measured from the host
            assertThat(r.getPercentiles().getP50()).isGreaterThanOrEqualTo(5_000);
            assertThat(r.getMaxNanos()).isBetween(1_000_000L, 50_000_000L);
            List<String> truth = Files.readAllLines(rootfs.resolve("truth.txt"));
            assertThat(truth).hasSize(300);
        } finally {
            if (id != null) Podman.run("rm", "-f", "-t", "0", id);
            Podman.removeParentCgroups("tjpodman-" + uid.substring(0, 8));
        }
    }
}
