package io.tracejob.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.AgentPrivileges;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uretprobe + seccomp node check under the agent pod's exact capabilities (as the operator's
 * pod factory grants them, no CAP_SYS_ADMIN), through the packaged jar: it needs exactly what a
 * Latency trace needs. Where a trace of an unconfined process works under these capabilities, the
 * check gives a definite answer; where the trace cannot attach, the check says UNKNOWN with the
 * same failing call and errno — never an answer it did not measure.
 */
class SeccompCheckPodCapsIT {
    /** the agent pod's capabilities, from the one list the operator's pod factory grants */
    static final List<String> POD_CAPABILITIES =
            AgentPrivileges.names().stream()
                    .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                    .toList();

    static final Pattern FAILED_CALL = Pattern.compile("(\\w+)\\(.*?\\) failed: (E[A-Z0-9]+)");
    @TempDir Path dir;

    @Test
    void theCheckNeedsNoMoreThanATraceUnderThePodsCapabilities() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("setpriv");
        Path busy = Gcc.compile("trace_busy.c", dir, "busy");
        Path cache =
                Files.createDirectory(
                        dir.resolve(
                                "cache")); // empty: the check really runs, under these capabilities
        Run caps = asPod(List.of("-Dtracejob.cacheDir=" + cache), "capabilities");
        assertThat(caps.exit()).as(caps.output()).isZero();
        JsonNode answer =
                new ObjectMapper().readTree(caps.output()).get("returnProbesUnderSeccomp");
        assertThat(answer.get("source").asText()).isEqualTo("checked by this agent");

        Run trace;
        try (TargetProcess target =
                TargetProcess.start(busy, dir.resolve("truth.txt").toString())) {
            target.expect("ready");
            Path manifest = dir.resolve("latency.yaml");
            Files.writeString(
                    manifest,
                    """
                    apiVersion: tracing.tracejob.io/v1alpha1
                    kind: TraceJob
                    metadata:
                      name: podcaps
                    spec:
                      target:
                        podName: p
                      duration: 1s
                      probe:
                        family: Uprobe
                        binary: %s
                        function: work
                        measure: Latency
                    """
                            .formatted(busy));
            trace =
                    asPod(
                            List.of(),
                            "run",
                            "--pid",
                            Integer.toString(target.pid()),
                            "-f",
                            manifest.toString());
        }
        System.out.printf(
                "under %s: trace exit %d; check %s: %s%n",
                POD_CAPABILITIES,
                trace.exit(),
                answer.get("answer").asText(),
                answer.get("finding").asText());
        if (trace.exit() == 0) {
            assertThat(answer.get("answer").asText()).as(answer.toString()).isIn("SAFE", "UNSAFE");
        } else {
            assertThat(answer.get("answer").asText()).isEqualTo("UNKNOWN");
            Matcher traceFailed = FAILED_CALL.matcher(trace.output());
            Matcher checkFailed = FAILED_CALL.matcher(answer.get("finding").asText());
            assertThat(traceFailed.find()).as(trace.output()).isTrue();
            assertThat(checkFailed.find()).as(answer.toString()).isTrue();
            assertThat(checkFailed.group(1) + " " + checkFailed.group(2))
                    .isEqualTo(traceFailed.group(1) + " " + traceFailed.group(2));
        }
    }

    record Run(int exit, String output) {}

    /**
     * The jar as root limited to the pod's capabilities, with no_new_privs
     * (allowPrivilegeEscalation: false).
     */
    private static Run asPod(List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "setpriv",
                                "--bounding-set=-all,"
                                        + String.join(
                                                ",",
                                                POD_CAPABILITIES.stream()
                                                        .map(c -> "+" + c)
                                                        .toList()),
                                "--inh-caps=-all",
                                "--no-new-privs",
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", AgentProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
