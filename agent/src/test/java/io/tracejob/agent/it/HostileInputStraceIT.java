package io.tracejob.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process hostile-input test counts the agent's own bpf/perf_event_open calls; this one asks
 * the kernel instead: the packaged agent runs under strace, and a refused spec must leave no such
 * syscall. A valid trace under the same strace does show them, so the check can see what it looks
 * for.
 */
class HostileInputStraceIT {
    @TempDir Path dir;

    /** Runs the jar under strace; returns the bpf/perf_event_open syscalls it made. */
    List<String> kernelCalls(String... args) throws Exception {
        Path log = dir.resolve("strace-" + UUID.randomUUID() + ".log");
        List<String> cmd =
                new java.util.ArrayList<>(
                        List.of(
                                "strace",
                                "-f",
                                "-qq",
                                "-e",
                                "trace=bpf,perf_event_open",
                                "-o",
                                log.toString(),
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                AgentProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("out.txt").toFile())
                        .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        lastExit = p.exitValue();
        lastOutput = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("bpf(") || l.contains("perf_event_open("))
                .toList();
    }

    int lastExit;
    String lastOutput;

    @Test
    void refusedSpecsMakeNoBpfOrPerfSyscall() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("strace");
        String[] hostile = {
            "{\"target\":{\"podName\":\"p\"},\"probe\":{\"family\":\"Uprobe\",\"binary\":\"/usr/bin/true\",\"function\":\"main; id\"},\"duration\":\"5s\"}",
            "{\"target\":{\"podName\":\"p\"},\"probe\":{\"family\":\"Uprobe\",\"binary\":\"/proc/self/exe\",\"function\":\"main\"},\"duration\":\"5s\"}",
            "{\"target\":{\"podName\":\"p\"},\"probe\":{\"family\":\"Tracepoint\",\"tracepoint\":{\"start\":\"../../x:y\",\"end\":\"a:b\"}},\"duration\":\"5s\"}"
        };
        for (String spec : hostile) {
            List<String> calls =
                    kernelCalls(
                            "pod",
                            "--spec-json",
                            spec,
                            "--container-id",
                            "containerd://" + "cd".repeat(32),
                            "--pod-uid",
                            UUID.randomUUID().toString(),
                            "--result-file",
                            dir.resolve("termination").toString());
            assertThat(lastExit).as(lastOutput).isEqualTo(2);
            assertThat(lastOutput).contains("spec.probe.");
            assertThat(calls).as("bpf/perf_event_open syscalls for a refused spec").isEmpty();
        }
        // the same strace sees them when the agent does trace
        Path libc =
                io.tracejob.agent.proc.ProcMaps.findLibrary(
                                (int) ProcessHandle.current().pid(), "libc.so.6")
                        .orElseThrow();
        Path job = dir.resolve("job.yaml");
        Files.writeString(
                job,
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata: {name: t}
                spec:
                  target: {podName: p}
                  probe: {family: Uprobe, binary: %s, function: clock_nanosleep}
                  duration: 1s
                """
                        .formatted(libc));
        Process sleeper = new ProcessBuilder("/bin/sleep", "60").start();
        try {
            List<String> calls =
                    kernelCalls("run", "-f", job.toString(), "--pid", Long.toString(sleeper.pid()));
            assertThat(lastExit).as(lastOutput).isZero();
            // the probes are uprobe_multi links (or perf events on kernels without them)
            assertThat(calls)
                    .as(lastOutput)
                    .anyMatch(l -> l.contains("BPF_LINK_CREATE") || l.contains("perf_event_open("))
                    .anyMatch(l -> l.contains("bpf("));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
