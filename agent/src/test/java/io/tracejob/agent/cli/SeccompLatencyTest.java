package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.safety.NodeKey;
import io.tracejob.agent.safety.SeccompMode;
import io.tracejob.agent.sys.Syscalls;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Latency trace of a process that lives under a seccomp filter without the uretprobe system call
 * ({@code seccomp_target.c}), through {@code run --pid} — the path {@code pod} takes too. On this
 * kernel the node check finds return probes safe there: the target survives and every call it
 * counted is measured. With the node's answer set to unsafe (a cached answer for this boot and
 * kernel), the trace is refused before any bpf(2) or perf_event_open(2) call, and the target is
 * untouched.
 */
class SeccompLatencyTest {
    @TempDir static Path dir;
    static Path target;
    @TempDir Path cacheDir;
    final ExecutorService agent = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        target = Gcc.compile("seccomp_target.c", dir, "seccomp_target");
    }

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("tracejob.cacheDir");
        agent.shutdownNow();
        assertThat(agent.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFilteredTargetSurvivesALatencyTraceAndEveryCallItCountedIsMeasured() throws Exception {
        System.setProperty(
                "tracejob.cacheDir",
                cacheDir.toString()); // an empty cache: the node check really runs
        Path json = dir.resolve("seccomp-result.json");
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            assertThat(SeccompMode.of(t.pid())).isEqualTo(SeccompMode.FILTER);
            StringWriter err = new StringWriter();
            Future<Integer> exit =
                    agent.submit(
                            () -> {
                                var cl = AgentMain.commandLine();
                                cl.setErr(new PrintWriter(err, true));
                                return cl.execute(
                                        "run",
                                        "--pid",
                                        Integer.toString(t.pid()),
                                        "-f",
                                        manifest("Latency").toString(),
                                        "--json",
                                        json.toString());
                            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> exit.isDone() || Memory.breakpointIn(t.pid(), target, "work"));
            assertThat(exit.isDone()).as("the agent ended before attaching: %s", err).isFalse();
            t.send("run 20000");
            assertThat(t.expect("done")).isEqualTo("done 20000");
            t.send("exit");
            assertThat(t.expect("bye"))
                    .as("the target survived its return probes")
                    .isEqualTo("bye 20000");
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
            Result r = Result.fromJson(Files.readString(json));
            assertThat(r.getStopReason()).isEqualTo(StopReason.TargetExited);
            assertThat(r.getCount()).isEqualTo(20000);
            assertThat(r.getInFlight().getCount()).isZero();
        }
        assertThat(Files.readString(cacheDir.resolve("uretprobe-seccomp.json")))
                .contains("\"answer\" : \"SAFE\"");
    }

    @Test
    void onANodeWhereReturnProbesKillFilteredProcessesLatencyIsRefusedBeforeTheKernelIsTouched()
            throws Exception {
        NodeKey node = NodeKey.current();
        Files.writeString(
                cacheDir.resolve("uretprobe-seccomp.json"),
                """
                {"answer": "UNSAFE", "finding": "a filtered probe process was killed by SIGSYS", "kernelRelease": "%s",
                 "bootId": "%s", "checkedAt": "2026-12-01T20:00:00Z"}"""
                        .formatted(node.kernelRelease(), node.bootId()));
        System.setProperty("tracejob.cacheDir", cacheDir.toString());
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            StringWriter err = new StringWriter();
            var cl = AgentMain.commandLine();
            cl.setErr(new PrintWriter(err, true));
            long kernelCalls = Syscalls.kernelCalls();
            int exit =
                    cl.execute(
                            "run",
                            "--pid",
                            Integer.toString(t.pid()),
                            "-f",
                            manifest("Latency").toString());

            assertThat(exit).isEqualTo(3);
            assertThat(Syscalls.kernelCalls())
                    .as("bpf(2) and perf_event_open(2) calls")
                    .isEqualTo(kernelCalls);
            assertThat(err.toString())
                    .contains("spec.probe.measure: Latency needs a return probe")
                    .contains(
                            "process "
                                    + t.pid()
                                    + " runs under a seccomp filter (Seccomp: 2 in /proc/"
                                    + t.pid()
                                    + "/status)")
                    .contains("killed by SIGSYS")
                    .contains("cached in " + cacheDir)
                    .contains("measure: Count")
                    .contains("probe.family: Usdt");
            assertThat(Memory.breakpointIn(t.pid(), target, "work")).isFalse();
            t.send("run 10");
            assertThat(t.expect("done")).isEqualTo("done 10");
        }
    }

    private Path manifest(String measure) throws Exception {
        Path m = Files.createTempFile(dir, "seccomp-job", ".yaml");
        Files.writeString(
                m,
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata:
                  name: seccomp
                spec:
                  target:
                    podName: p
                  duration: 2m
                  overheadBudget:
                    maxCpuPercent: 100
                    onExceed: Stop
                  probe:
                    family: Uprobe
                    binary: %s
                    function: work
                    measure: %s
                """
                        .formatted(target, measure));
        return m;
    }
}
