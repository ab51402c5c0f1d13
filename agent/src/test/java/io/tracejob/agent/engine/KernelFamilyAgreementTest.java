package io.tracejob.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.capabilities.FamilySupport;
import io.tracejob.agent.capabilities.NodeCapabilities;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.read.SpecReader;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code capabilities} and {@code run} give one answer for a kernel family on this node: the engine
 * a trace goes through refuses exactly what the report says is unavailable, with the report's
 * reason and advice.
 */
class KernelFamilyAgreementTest {
    static NodeCapabilities report;

    @BeforeAll
    static void reportThisNode() {
        Kernel.requireEbpf();
        Kernel.requireCommand("bpftrace");
        report = NodeCapabilities.probe();
    }

    @ParameterizedTest
    @EnumSource(
            value = ProbeFamily.class,
            names = {"Kprobe", "Kfunc"})
    void theEngineRefusesWhatTheReportRefusesForTheSameReason(ProbeFamily f) {
        FamilySupport reported = report.family(f);
        Engine engine = Engines.forFamily(f);
        TraceSettings settings =
                new TraceSettings(
                        spec(f), Duration.ofSeconds(1), Duration.ofSeconds(1), plan -> null, null);
        if (reported.available()) {
            assertThatCode(() -> engine.prepare(settings, binary -> null))
                    .as("%s: %s", f, reported)
                    .doesNotThrowAnyException();
            return;
        }
        assertThat(reported.reason()).isNotBlank();
        assertThat(reported.suggestion()).isNotBlank();
        assertThatThrownBy(() -> engine.prepare(settings, binary -> null))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageStartingWith(
                        "spec.probe.family: " + f + " cannot run on node " + report.hostname())
                .hasMessageContaining(reported.reason())
                .hasMessageContaining(reported.suggestion());
    }

    private static TraceJobSpec spec(ProbeFamily f) {
        return SpecReader.readManifest(
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata: {name: agree, namespace: default}
                spec:
                  target: {podName: p}
                  probe: {family: %s, function: vfs_read}
                  duration: 1s
                """
                        .formatted(f),
                "test");
    }
}
