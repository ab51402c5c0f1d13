package io.tracejob.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.PodPrivileges;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TestCgroup;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged agent run as the operator's pod runs it: the {@code pod} command, as root holding
 * only the pod's capabilities (AgentPrivileges, the list the pod factory grants), on a real process
 * in a cgroup named like a containerd container. Each family must trace every call; a missing
 * capability must be named in the failure; and {@code capabilities} under the same set must say
 * what a trace then does.
 */
class PodPrivilegesIT {
    static final Path V1_PIDS = Path.of("/sys/fs/cgroup/pids");
    static final int CALLS = 500;
    @TempDir static Path dir;
    static Path target;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        Kernel.require(Files.isDirectory(V1_PIDS), "cgroup v1 pids hierarchy at " + V1_PIDS);
        Kernel.requireCommand("setpriv");
        target = Gcc.compile("pod_families.c", dir, "pod_families");
    }

    static String probe(String family) {
        return switch (family) {
            case "Uprobe" ->
                    "{\"family\":\"Uprobe\",\"binary\":\"" + target + "\",\"function\":\"work\"}";
            case "Usdt" ->
                    "{\"family\":\"Usdt\",\"binary\":\""
                            + target
                            + "\",\"usdt\":{\"provider\":\"tj\",\"start\":\"op__start\",\"end\":\"op__done\"}}";
            case "Tracepoint" ->
                    "{\"family\":\"Tracepoint\",\"tracepoint\":{\"start\":\"syscalls:sys_enter_getppid\",\"end\":\"syscalls:sys_exit_getppid\"}}";
            default -> throw new IllegalArgumentException(family);
        };
    }

    static String spec(String family) {
        return "{\"target\":{\"podName\":\"app-0\"},\"probe\":"
                + probe(family)
                + ",\"duration\":\"30s\",\"interval\":\"10s\",\"overheadBudget\":{\"maxCpuPercent\":100.0}}";
    }

    record Traced(int exit, String output, String resultFile) {}

    /**
     * Runs {@code pod} under the pod's set less {@code without}; the target makes CALLS calls once
     * the agent traces.
     */
    static Traced tracePod(String family, List<String> without) throws Exception {
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String uid = UUID.randomUUID().toString();
        Path result = dir.resolve("termination-" + family + "-" + id.substring(0, 8));
        try (TestCgroup cg =
                        new TestCgroup(
                                V1_PIDS,
                                "tjcaps-"
                                        + id.substring(0, 8)
                                        + "/kubepods/besteffort/pod"
                                        + uid
                                        + "/"
                                        + id);
                TargetProcess t = TargetProcess.start(List.of(target.toString()))) {
            t.expect("ready");
            cg.enter(t.pid());
            try (AgentProcess agent =
                    AgentProcess.start(
                            cmd -> PodPrivileges.command(without, cmd),
                            "pod",
                            "--spec-json",
                            spec(family),
                            "--container-id",
                            "containerd://" + id,
                            "--pod-uid",
                            uid,
                            "--result-file",
                            result.toString())) {
                AgentProcess.Line first =
                        agent.await(
                                l -> l.startsWith("Tracing ") || l.startsWith("tracejob-agent: "),
                                "saying it traces or why not",
                                90);
                if (first.text().startsWith("Tracing ")) {
                    assertThat(PodPrivileges.effective(agent.pid()))
                            .as("the agent's effective capabilities are the pod's")
                            .isEqualTo(PodPrivileges.expectedMask(without));
                    t.send("run " + CALLS);
                    t.expect("done", 60);
                    signal(agent.pid());
                }
                int exit = agent.waitForExit(90);
                return new Traced(
                        exit, agent.output(), Files.exists(result) ? Files.readString(result) : "");
            }
        }
    }

    static void signal(int pid) throws Exception {
        new ProcessBuilder("kill", "-TERM", Integer.toString(pid)).inheritIO().start().waitFor();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Uprobe", "Usdt", "Tracepoint"})
    void everyFamilyTracesEveryCallWithOnlyThePodsCapabilities(String family) throws Exception {
        Traced run = tracePod(family, List.of());
        assertThat(run.exit()).as(run.output()).isZero();
        Result r = Result.fromJson(run.resultFile());
        assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
        assertThat(r.getCount()).as("calls made while the probes were in").isEqualTo(CALLS);
        assertThat(r.getOverhead().getFirings())
                .as("firings counted by the programs: a start and an end per call")
                .isEqualTo(2L * CALLS);
        assertThat(r.getOverhead().getBpfNanosPerFiring())
                .as("no CAP_SYS_ADMIN, so no kernel program stats")
                .isZero();
        assertThat(r.getOverhead().getCostSource())
                .as("the cost sentinel runs under the pod's set: " + run.output())
                .startsWith("this node, followed during the trace");
        if (family.equals("Uprobe"))
            assertThat(run.output())
                    .as("the session program (kfunc calls) loads under the pod's set too")
                    .contains("probes: one uprobe session link");
    }

    @Test
    void withoutPerfmonTheFailureNamesCapPerfmon() throws Exception {
        Traced run = tracePod("Uprobe", List.of("PERFMON"));
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.output()).contains("lacks CAP_PERFMON").doesNotContain("CAP_SYS_ADMIN");
        assertThat(run.resultFile()).startsWith("tracejob-agent: ").contains("lacks CAP_PERFMON");
        AgentFailure failure = AgentFailure.fromTerminationMessage(run.resultFile()).orElseThrow();
        assertThat(failure.scope()).as("a privilege of this node's pods").isEqualTo(Scope.Node);
        assertThat(failure.family()).isEqualTo(ProbeFamily.Uprobe);
    }

    @Test
    void capabilitiesUnderThePodsSetSayWhatATraceThenDoes() throws Exception {
        JsonNode pod = capabilities(List.of());
        for (String family : List.of("Uprobe", "Usdt", "Tracepoint")) {
            assertThat(pod.path("families").path(family).path("available").asBoolean())
                    .as(family + ": " + pod.path("families").path(family))
                    .isTrue();
        }
        assertThat(pod.path("bpfStats").path("available").asBoolean())
                .as("BPF_ENABLE_STATS needs CAP_SYS_ADMIN")
                .isFalse();
        assertThat(pod.path("bpfStats").path("reason").asText())
                .contains("CAP_SYS_ADMIN")
                .contains("optional");

        JsonNode noPerfmon = capabilities(List.of("PERFMON"));
        for (String family : List.of("Uprobe", "Usdt", "Tracepoint")) {
            JsonNode f = noPerfmon.path("families").path(family);
            assertThat(f.path("available").asBoolean()).as(family).isFalse();
            assertThat(f.path("reason").asText()).as(family).contains("lacks CAP_PERFMON");
        }
    }

    static JsonNode capabilities(List<String> without) throws Exception {
        try (AgentProcess agent =
                AgentProcess.start(cmd -> PodPrivileges.command(without, cmd), "capabilities")) {
            assertThat(agent.waitForExit(90)).as(agent.output()).isZero();
            String out = agent.output();
            return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
        }
    }
}
