package io.tracejob.api.v1alpha1.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentFailureTest {
    @Test
    void aFailureReadsBackAsWritten() {
        AgentFailure f =
                new AgentFailure(
                        "spec.probe.family: Kprobe cannot run on node n1: no kprobe_events",
                        Scope.Node,
                        ProbeFamily.Kprobe,
                        "Tracepoint");
        String message = f.toTerminationMessage();

        assertThat(message).startsWith(TerminationMessageFormat.ERROR_PREFIX + "{\"reason\":");
        assertThat(AgentFailure.fromTerminationMessage(message)).contains(f);
        assertThat(TerminationMessageFormat.errorText(message)).isEqualTo(f.reason());
    }

    @Test
    void aPlainLineFromAnOlderAgentIsAFailureOfUnknownScope() {
        String message = TerminationMessageFormat.error("spec.probe.function: no symbol foo");

        AgentFailure f = AgentFailure.fromTerminationMessage(message).orElseThrow();

        assertThat(f.reason()).isEqualTo("spec.probe.function: no symbol foo");
        assertThat(f.scope()).isEqualTo(Scope.Agent);
        assertThat(f.family()).isNull();
    }

    @Test
    void aResultOrARuntimesTextIsNoFailureOfOurs() {
        assertThat(AgentFailure.fromTerminationMessage("{\"count\":3}")).isEmpty();
        assertThat(AgentFailure.fromTerminationMessage("OCI runtime exec failed")).isEmpty();
        assertThat(AgentFailure.fromTerminationMessage(null)).isEmpty();
    }

    @Test
    void aHugeReasonIsCutSoTheMessageFitsTheKubeletsLimit() {
        String message =
                new AgentFailure("é".repeat(100_000), Scope.Agent, ProbeFamily.Uprobe, "Usdt")
                        .toTerminationMessage();

        assertThat(message.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(TerminationMessageFormat.MAX_BYTES);
        assertThat(AgentFailure.fromTerminationMessage(message).orElseThrow().reason())
                .startsWith("éé")
                .endsWith("…");
    }
}
