package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.trace.ReturnProbeRefusedException;
import io.tracejob.agent.tracefs.TracefsMissingException;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.contract.AgentExitCode;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Each failure's exit code and scope: the operator remembers a node's gap only for Node. */
class FailuresTest {
    @Test
    void aNodeWithoutTheFamilyIsANodeGapWithItsNextRung() {
        var e =
                UnsupportedProbeException.onNode(
                        "spec.probe.family: Kprobe cannot run", "Tracepoint");
        AgentFailure f = Failures.describe(e, ProbeFamily.Kprobe);

        assertThat(Failures.exitCode(e)).isEqualTo(AgentExitCode.UNSUPPORTED.code());
        assertThat(f.scope()).isEqualTo(Scope.Node);
        assertThat(f.family()).isEqualTo(ProbeFamily.Kprobe);
        assertThat(f.nextRung()).isEqualTo("Tracepoint");
    }

    @Test
    void aReturnProbeThatWouldKillTheTargetIsNoNodeGap() {
        var atStart = UnsupportedProbeException.forTarget("spec.probe.measure: Latency needs …");
        var later = new ReturnProbeRefusedException("return probes not attached: …");

        assertThat(Failures.exitCode(atStart)).isEqualTo(AgentExitCode.UNSUPPORTED.code());
        assertThat(Failures.describe(atStart, ProbeFamily.Uprobe).scope()).isEqualTo(Scope.Target);
        assertThat(Failures.describe(later, ProbeFamily.Uprobe).scope()).isEqualTo(Scope.Target);
    }

    @Test
    void aSpecFieldTheBinaryCannotServeIsExitThreeButHoldsForTheSpecOnly() {
        var e = new UnsupportedProbeException("spec.probe.measure: Value histograms a tracepoint");

        assertThat(Failures.exitCode(e)).isEqualTo(AgentExitCode.UNSUPPORTED.code());
        assertThat(Failures.describe(e, ProbeFamily.Uprobe).scope()).isEqualTo(Scope.Spec);
    }

    @Test
    void theNodesMountsAndPrivilegesAreNodeGapsOtherKernelErrorsAreTheAgents() {
        var noTracefs = new TracefsMissingException("tracefs is not mounted");
        var eperm = new SyscallException("bpf(BPF_PROG_LOAD)", Errno.EPERM, "needs CAP_BPF");
        var einval = new SyscallException("bpf(BPF_MAP_CREATE)", Errno.EINVAL, "bad attr");

        assertThat(Failures.describe(noTracefs, null).scope()).isEqualTo(Scope.Node);
        assertThat(Failures.describe(eperm, null).scope()).isEqualTo(Scope.Node);
        assertThat(Failures.exitCode(eperm)).isEqualTo(AgentExitCode.UNSUPPORTED.code());
        assertThat(Failures.describe(einval, null).scope()).isEqualTo(Scope.Agent);
        assertThat(Failures.exitCode(einval)).isEqualTo(AgentExitCode.INTERNAL.code());
    }

    @Test
    void badInputIsTheSpecs() {
        assertThat(Failures.describe(new BadInputException("--pod-uid: x"), null).scope())
                .isEqualTo(Scope.Spec);
        assertThat(Failures.exitCode(new IOException("no such binary")))
                .isEqualTo(AgentExitCode.BAD_INPUT.code());
        assertThat(Failures.describe(new IllegalStateException("bug"), null).scope())
                .isEqualTo(Scope.Agent);
    }
}
