package io.tracejob.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.safety.ReturnProbeVerdict.Answer;
import io.tracejob.agent.trace.ReturnProbeRefusedException;
import io.tracejob.api.v1alpha1.Measure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which processes get return probes, decided from their seccomp mode and the node's answer (both
 * given here).
 */
class ReturnProbeSafetyTest {
    static final NodeKey NODE = new NodeKey("boot", "6.12.0-affected");
    static final Path BIN = Path.of("/srv/app");
    static final ProbePlan LATENCY =
            plan(
                    Measure.Latency,
                    new Site.Uprobe(Role.START, BIN, 0x1139, false, 0),
                    new Site.Uprobe(Role.END, BIN, 0x1139, true, 0));
    static final ProbePlan COUNT =
            plan(Measure.Count, new Site.Uprobe(Role.EVENT, BIN, 0x1139, false, 0));

    /** USDT start/end: two entry-style uprobes, no return probe */
    static final ProbePlan USDT =
            plan(
                    Measure.Latency,
                    new Site.Uprobe(Role.START, BIN, 0x1200, false, 0),
                    new Site.Uprobe(Role.END, BIN, 0x1300, false, 0));

    static final Map<Integer, SeccompMode> MODES =
            Map.of(
                    10,
                    SeccompMode.DISABLED,
                    20,
                    SeccompMode.FILTER,
                    30,
                    SeccompMode.STRICT,
                    40,
                    SeccompMode.FILTER);

    final AtomicInteger asked = new AtomicInteger();

    ReturnProbeSafety with(Answer answer) {
        return new ReturnProbeSafety(
                () -> {
                    asked.incrementAndGet();
                    return ReturnProbeVerdict.of(
                            answer,
                            answer == Answer.UNSAFE ? "killed by SIGSYS" : "survived",
                            NODE);
                },
                pid -> MODES.getOrDefault(pid, SeccompMode.UNKNOWN));
    }

    @Test
    void anUnconfinedTargetNeverRunsTheCheck() throws Exception {
        assertThat(with(Answer.UNSAFE).requireSafe(LATENCY, List.of(10, 99))).isEmpty();
        assertThat(asked).hasValue(0);
    }

    @Test
    void aFilteredTargetOnAnUnsafeNodeIsRefusedNamingWhatWasFoundAndWhatStillWorks() {
        assertThatThrownBy(() -> with(Answer.UNSAFE).requireSafe(LATENCY, List.of(10, 20)))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageStartingWith(
                        "spec.probe.measure: Latency needs a return probe (uretprobe)")
                .hasMessageContaining(
                        "process 20 runs under a seccomp filter (Seccomp: 2 in /proc/20/status)")
                .hasMessageContaining(
                        "on this node a return probe kills such a process: killed by SIGSYS")
                .hasMessageContaining("Nothing was attached")
                .hasMessageContaining("measure: Count")
                .hasMessageContaining("probe.family: Usdt")
                .hasMessageContaining("Tracepoint");
    }

    @Test
    void aCheckThatCouldNotRunRefusesToo() {
        assertThatThrownBy(() -> with(Answer.UNKNOWN).requireSafe(LATENCY, List.of(20)))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageContaining(
                        "whether a return probe kills such a process on this node is unknown");
    }

    @Test
    void aFilteredTargetOnASafeNodeIsTracedWithOneFactLine() throws Exception {
        List<String> facts = with(Answer.SAFE).requireSafe(LATENCY, List.of(10, 20, 40));
        assertThat(facts)
                .containsExactly(
                        "processes 20, 40 run under a seccomp filter; return probes are safe there on this node ("
                                + ReturnProbeVerdict.CHECKED_NOW
                                + ")");
    }

    @Test
    void strictModeIsRefusedWithoutAsking() {
        assertThatThrownBy(() -> with(Answer.SAFE).requireSafe(LATENCY, List.of(30)))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageContaining("seccomp strict mode (Seccomp: 1");
        assertThat(asked).hasValue(0);
    }

    @Test
    void plansWithoutAReturnProbeAreNeverChecked() throws Exception {
        ReturnProbeSafety unsafe = with(Answer.UNSAFE);
        assertThat(unsafe.requireSafe(COUNT, List.of(20, 30))).isEmpty();
        assertThat(unsafe.requireSafe(USDT, List.of(20, 30))).isEmpty();
        unsafe.requireSafe(COUNT.sites(), 20);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aProcessMetAfterTheStartIsRefusedAsAnAttachFailure() {
        assertThatThrownBy(() -> with(Answer.UNSAFE).requireSafe(LATENCY.sites(), 40))
                .isInstanceOf(ReturnProbeRefusedException.class)
                .hasMessageStartingWith(
                        "return probes not attached: process 40 runs under a seccomp filter");
    }

    private static ProbePlan plan(Measure m, Site... sites) {
        return new ProbePlan(
                m,
                List.of(sites),
                KeySource.thread(),
                KeySource.thread(),
                "EMULATED",
                "uprobe /srv/app:handle",
                null,
                List.of());
    }
}
