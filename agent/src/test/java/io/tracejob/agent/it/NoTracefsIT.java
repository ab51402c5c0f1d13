package io.tracejob.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a private mount namespace where tracefs is not mounted (as on a fresh node or in a
 * pod without the hostPath): uprobes follow the target's processes through raw tracepoints and need
 * nothing from tracefs; only the Tracepoint family does, and it says so with exit 3 (a node
 * capability).
 */
class NoTracefsIT {
    @TempDir static Path dir;

    /**
     * unshare a mount namespace, take every tracefs (and debugfs, which automounts one) out of it,
     * check, exec.
     */
    static final List<String> WITHOUT_TRACEFS =
            List.of(
                    "unshare",
                    "-m",
                    "--propagation",
                    "private",
                    "sh",
                    "-c",
                    "umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug/tracing 2>/dev/null; umount -l /sys/kernel/debug 2>/dev/null;"
                            + " if [ -e /sys/kernel/tracing/events ] || [ -e /sys/kernel/debug/tracing/events ]; then echo 'tracefs still mounted'; exit 99; fi;"
                            + " exec \"$@\"",
                    "no-tracefs");

    @BeforeAll
    static void gate() {
        Kernel.requireEbpf();
        Kernel.requireCommand("unshare");
        Kernel.requireCommand("gcc");
    }

    @Test
    void theReadmeDemoRunsWithoutTracefs() throws Exception {
        Path json = dir.resolve("demo.json");
        try (AgentProcess agent =
                AgentProcess.startUnder(
                        WITHOUT_TRACEFS,
                        "demo",
                        "--duration",
                        "2s",
                        "--interval",
                        "1s",
                        "--json",
                        json.toString())) {
            assertThat(agent.waitForExit(120)).as(agent.output()).isZero();
            Result r = Result.fromJson(Files.readString(json));
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(r.getCount()).isPositive();
        }
    }

    @Test
    void aTracepointProbeWithoutTracefsIsANodeCapabilityExit3() throws Exception {
        Path manifest = dir.resolve("tp.yaml");
        Files.writeString(
                manifest,
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata: {name: tp}
                spec:
                  target: {podName: x}
                  probe:
                    family: Tracepoint
                    measure: Count
                    tracepoint: {start: "syscalls:sys_enter_getppid"}
                  duration: 2s
                """);
        try (AgentProcess agent =
                AgentProcess.startUnder(
                        WITHOUT_TRACEFS, "run", "-f", manifest.toString(), "--", "/bin/true")) {
            assertThat(agent.waitForExit(60)).as(agent.output()).isEqualTo(3);
            assertThat(agent.output())
                    .contains(
                            "tracefs is not mounted", "mount -t tracefs nodev /sys/kernel/tracing");
        }
    }
}
