package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.StdoutWatch;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TestCgroup;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's contract end to end on this node: a real process in a real cgroup named like a
 * containerd container, found by container ID and pod UID, traced, Result in the termination file.
 */
class PodCommandTest {
    static final Path V1_PIDS = Path.of("/sys/fs/cgroup/pids");

    /**
     * cgroup2, mounted here next to the v1 controllers; a v2-only node mounts it at /sys/fs/cgroup
     */
    static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    @TempDir static Path dir;
    static Path busy;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        busy = Gcc.compile("trace_busy.c", dir, "busy");
    }

    static String specJson(Path binary, String duration) {
        return """
                {"target":{"podName":"match-engine-0"},
                 "probe":{"family":"Uprobe","binary":"%s","function":"work"},
                 "duration":"%s","interval":"1s","overheadBudget":{"maxCpuPercent":50.0}}
                """
                .formatted(binary, duration);
    }

    record Run(int exit, String err) {}

    static Run pod(String spec, String containerId, String uid, Path resultFile) {
        StringWriter err = new StringWriter();
        var cl = AgentMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit =
                cl.execute(
                        "pod",
                        "--spec-json",
                        spec,
                        "--container-id",
                        containerId,
                        "--pod-uid",
                        uid,
                        "--result-file",
                        resultFile.toString());
        return new Run(exit, err.toString());
    }

    @Test
    void tracesTheContainersProcessesAndWritesTheTerminationMessage() throws Exception {
        Kernel.require(Files.isDirectory(V1_PIDS), "cgroup v1 pids hierarchy at " + V1_PIDS);
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String uid = UUID.randomUUID().toString();
        try (TestCgroup cg =
                new TestCgroup(
                        V1_PIDS,
                        "tjpod-"
                                + id.substring(0, 8)
                                + "/kubepods/besteffort/pod"
                                + uid
                                + "/"
                                + id)) {
            traceInCgroup(cg, "containerd://" + id, uid, dir.resolve("termination-log"), 400);
        }
    }

    /**
     * A systemd-driver node with containerd on cgroup v2: the container's scope under the pod's
     * slice.
     */
    @Test
    void cgroupV2ContainerdScopeUnderTheKubepodsSlice() throws Exception {
        traceInV2Scope("cri-containerd-", "containerd://");
    }

    /** The same node shape with CRI-O: {@code crio-<id>.scope}. */
    @Test
    void cgroupV2CrioScopeUnderTheKubepodsSlice() throws Exception {
        traceInV2Scope("crio-", "cri-o://");
    }

    private static void traceInV2Scope(String scopePrefix, String runtime) throws Exception {
        Kernel.require(Files.exists(V2.resolve("cgroup.procs")), "cgroup2 hierarchy at " + V2);
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String uid = UUID.randomUUID().toString();
        try (TestCgroup cg =
                new TestCgroup(V2, v2PodSlice(uid) + "/" + scopePrefix + id + ".scope")) {
            traceInCgroup(
                    cg, runtime + id, uid, dir.resolve("termination-v2-" + scopePrefix + id), 300);
        }
    }

    /**
     * The kubelet's systemd-driver slice of a BestEffort pod (dashes of the UID escaped as
     * underscores).
     */
    private static String v2PodSlice(String uid) {
        String u = uid.replace('-', '_');
        return "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + u + ".slice";
    }

    /**
     * A target process moved into {@code cg}, traced in pod mode for 3 s by container ID and pod
     * UID; its {@code calls} calls begin once the agent says both probes are attached, so every one
     * must be counted.
     */
    static Result traceInCgroup(
            TestCgroup cg, String containerId, String uid, Path result, int calls)
            throws Exception {
        try (TargetProcess t =
                        TargetProcess.start(busy, dir.resolve("truth-" + uid + ".txt").toString());
                StdoutWatch stdout = new StdoutWatch()) {
            t.expect("ready");
            cg.enter(t.pid());
            Thread driver =
                    onceTracing(
                            stdout,
                            () -> {
                                if (!Memory.breakpointIn(t.pid(), busy, "work"))
                                    throw new AssertionError(
                                            "agent said it was tracing, but work() has no breakpoint");
                                t.send("run " + calls);
                            });
            Run run = pod(specJson(busy, "3s"), containerId, uid, result);
            driver.join();
            t.expect("done");
            assertThat(run.exit()).as(run.err()).isZero();
            String json = Files.readString(result);
            assertThat(json.getBytes().length).isLessThanOrEqualTo(4096);
            Result r = Result.fromJson(json);
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(r.getCount()).isEqualTo(calls);
            assertThat(r.getPercentiles().getP50()).isGreaterThanOrEqualTo(5_000);
            assertThat(stdout.printed("in pid " + t.pid() + " "))
                    .as("traced the process in the cgroup")
                    .isTrue();
            return r;
        }
    }

    /**
     * A process that joins the container's cgroup from outside its process tree (as {@code kubectl
     * exec} does) is picked up by the one-second rescan and traced like the rest.
     */
    @Test
    void aProcessEnteringTheContainerLaterIsTracedToo() throws Exception {
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String uid = UUID.randomUUID().toString();
        Path result = dir.resolve("termination-newcomer");
        try (TestCgroup cg =
                        new TestCgroup(
                                V1_PIDS,
                                "tjpod-"
                                        + id.substring(0, 8)
                                        + "/kubepods/besteffort/pod"
                                        + uid
                                        + "/"
                                        + id);
                TargetProcess first =
                        TargetProcess.start(busy, dir.resolve("truth-first.txt").toString());
                TargetProcess later =
                        TargetProcess.start(busy, dir.resolve("truth-later.txt").toString());
                StdoutWatch stdout = new StdoutWatch()) {
            first.expect("ready");
            later.expect("ready");
            cg.enter(first.pid());
            Thread driver =
                    onceTracing(
                            stdout,
                            () -> {
                                cg.enter(later.pid()); // not a descendant of any traced process
                                await().atMost(Duration.ofSeconds(5))
                                        .until(
                                                () ->
                                                        stdout.printed(
                                                                "+ tracing process "
                                                                        + later.pid()
                                                                        + " "));
                                later.send("run 300");
                                first.send("run 100");
                            });
            Run run = pod(specJson(busy, "6s"), "containerd://" + id, uid, result);
            driver.join();
            later.expect("done");
            first.expect("done");
            assertThat(run.exit()).as(run.err()).isZero();
            Result r = Result.fromJson(Files.readString(result));
            assertThat(r.getCount()).isEqualTo(400);
            assertThat(r.getProcessesTraced()).isEqualTo(2);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} on its own thread once the agent has printed that it is tracing. */
    static Thread onceTracing(StdoutWatch stdout, Step step) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                await().atMost(Duration.ofSeconds(60))
                                        .until(() -> stdout.printed("Tracing "));
                                step.run();
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        t.start();
        return t;
    }

    @Test
    void unknownContainerFailsWithWhatWasSearchedInTheTerminationMessage() throws Exception {
        Path result = dir.resolve("termination-missing");
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        Run run =
                pod(
                        specJson(busy, "3s"),
                        "containerd://" + id,
                        UUID.randomUUID().toString(),
                        result);
        assertThat(run.exit()).isNotZero();
        assertThat(Files.readString(result))
                .startsWith("tracejob-agent: ")
                .contains(id.substring(0, 12));
    }

    @Test
    void hostileSpecJsonIsRejectedNamingTheField() throws Exception {
        Path result = dir.resolve("termination-hostile");
        String spec =
                specJson(busy, "3s")
                        .replace("\"function\":\"work\"", "\"function\":\"work$(reboot)\"");
        Run run =
                pod(spec, "containerd://" + "ab".repeat(32), UUID.randomUUID().toString(), result);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("spec.probe.function");
        assertThat(Files.readString(result)).contains("spec.probe.function");
        assertThat(
                        AgentFailure.fromTerminationMessage(Files.readString(result))
                                .orElseThrow()
                                .scope())
                .isEqualTo(AgentFailure.Scope.Spec);
    }
}
