package io.tracejob.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar, run as a user runs it: exit codes, files written, signals, the README quick
 * start.
 */
class AgentCliIT {
    @TempDir Path dir;

    @Test
    void aCommandIsTracedFromItsFirstCallUntilItExits() throws Exception {
        Kernel.requireEbpf();
        int calls = 3000;
        Path bin = compile("it_first_calls.c", "first-calls");
        Path manifest = manifest(bin, "work");
        Path json = dir.resolve("first.json");
        try (AgentProcess agent =
                AgentProcess.start(
                        "run",
                        "-f",
                        manifest.toString(),
                        "--duration",
                        "5m",
                        "--json",
                        json.toString(),
                        "--",
                        bin.toString(),
                        Integer.toString(calls))) {
            assertThat(agent.waitForExit(120)).as(agent.output()).isZero();
            Result r = Result.fromJson(Files.readString(json));
            // the target makes its calls as its first act and exits: every one counts only if the
            // probes
            // were attached before it ran, and stayed attached across the exec of the held command
            assertThat(r.getCount()).as(agent.output()).isEqualTo(calls);
            assertThat(r.getStopReason()).isEqualTo(StopReason.TargetExited);
            assertThat(r.getMinNanos()).isGreaterThanOrEqualTo(2000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalMidTraceEndsItWithTheResultWritten(String signal) throws Exception {
        Kernel.requireEbpf();
        Path busy = Gcc.compile("trace_busy.c", dir, "busy");
        Path json = dir.resolve("signal.json");
        Path hgrm = dir.resolve("signal.hgrm");
        try (TargetProcess target =
                TargetProcess.start(busy, dir.resolve("truth.txt").toString())) {
            target.expect("ready");
            try (AgentProcess agent =
                    AgentProcess.start(
                            "run",
                            "--pid",
                            Integer.toString(target.pid()),
                            "-f",
                            manifest(busy, "work").toString(),
                            "--duration",
                            "10m",
                            "--json",
                            json.toString(),
                            "--hgrm",
                            hgrm.toString())) {
                AgentProcess.Line tracing =
                        agent.await(l -> l.startsWith("Tracing "), "starting with 'Tracing '", 60);
                System.out.printf(
                        "SIG%s run: 'Tracing' line %d ms after the agent JVM was spawned%n",
                        signal, TimeUnit.NANOSECONDS.toMillis(tracing.at() - agent.spawnedAt));
                target.send("run 800");
                target.expect("done");
                signal(agent.pid(), signal);
                assertThat(agent.waitForExit(60)).as(agent.output()).isZero();
                Result r = Result.fromJson(Files.readString(json));
                assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
                assertThat(r.getMessage()).contains("SIG" + signal);
                // all calls were made between attach and the signal
                assertThat(r.getCount()).isEqualTo(800);
                assertThat(hgrm).isNotEmptyFile();
                assertThat(Files.readString(hgrm)).contains("Percentile");
            }
            // the target outlives the agent, and runs on untouched
            target.send("run 10");
            target.expect("done");
        }
    }

    @Test
    void readmeQuickStartDemoCompletes() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("gcc");
        Path json = dir.resolve("demo.json");
        try (AgentProcess agent =
                AgentProcess.start(
                        "demo",
                        "--duration",
                        "3s",
                        "--interval",
                        "1s",
                        "--json",
                        json.toString())) {
            AgentProcess.Line tracing =
                    agent.await(l -> l.startsWith("Tracing "), "starting with 'Tracing '", 60);
            System.out.printf(
                    "demo: 'Tracing' line %d ms after the agent JVM was spawned (includes compiling the sample with gcc)%n",
                    TimeUnit.NANOSECONDS.toMillis(tracing.at() - agent.spawnedAt));
            assertThat(agent.waitForExit(60)).as(agent.output()).isZero();
            Result r = Result.fromJson(Files.readString(json));
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(r.getCount()).isPositive();
            assertThat(r.getPercentiles().getP50()).isLessThan(r.getPercentiles().getP99());
            assertThat(r.getPercentiles().getP99()).isLessThan(r.getMaxNanos());
            assertThat(r.getIntervals()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(agent.output()).contains("calls", "p99", "max");
        }
    }

    @Test
    void helpListsTheCommandsAndOptions() throws Exception {
        try (AgentProcess top = AgentProcess.start("--help")) {
            assertThat(top.waitForExit(60)).as(top.output()).isZero();
            assertThat(top.output()).contains("run", "demo", "--help", "--version");
        }
        try (AgentProcess run = AgentProcess.start("run", "--help")) {
            assertThat(run.waitForExit(60)).as(run.output()).isZero();
            assertThat(run.output())
                    .contains(
                            "--pid",
                            "--file",
                            "--duration",
                            "--interval",
                            "--json",
                            "--hgrm",
                            "COMMAND");
        }
    }

    private Path compile(String resource, String name) throws IOException, InterruptedException {
        Path src = dir.resolve(resource);
        try (InputStream in = AgentCliIT.class.getResourceAsStream("/realtargets/" + resource)) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = dir.resolve(name);
        Process p =
                new ProcessBuilder("gcc", "-O1", "-g", "-o", bin.toString(), src.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("gcc: %s", out).isZero();
        return bin;
    }

    private Path manifest(Path binary, String function) throws IOException {
        Path f = dir.resolve(function + "-" + binary.getFileName() + ".yaml");
        Files.writeString(
                f,
                String.join(
                        "\n",
                        List.of(
                                "apiVersion: tracing.tracejob.io/v1alpha1",
                                "kind: TraceJob",
                                "metadata:",
                                "  name: it-" + binary.getFileName(),
                                "spec:",
                                "  target:",
                                "    podName: local",
                                "  probe:",
                                "    family: Uprobe",
                                "    binary: " + binary,
                                "    function: " + function,
                                "  duration: 1m",
                                "  interval: 30s",
                                // these tests are about attach timing and signals: a budget that
                                // the probes' cost on a busy node
                                // (measured at start) can exceed would take them out and lose calls
                                // the tests count
                                "  overheadBudget:",
                                "    maxCpuPercent: 100",
                                "")));
        return f;
    }

    private static void signal(int pid, String signal) throws Exception {
        Process kill =
                new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
