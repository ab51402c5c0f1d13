package io.tracejob.agent.cli;

import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.trace.ReturnProbeRefusedException;
import io.tracejob.agent.tracefs.TracefsMissingException;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.contract.AgentFailure;
import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;
import io.tracejob.api.v1alpha1.validation.InvalidSpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * What a failure means under the contract: its exit code and what it holds for, decided in one
 * place, so the exit code a person sees and the scope the operator reads never disagree.
 */
final class Failures {
    private Failures() {}

    /** A kernel's refusal that the node's configuration or the pod's privileges decide. */
    private static final Set<String> NODE_ERRNOS =
            Set.of("EPERM", "EACCES", "ENOSYS", "EOPNOTSUPP");

    static int exitCode(Throwable t) {
        Throwable u = unwrap(t);
        // a valid spec this agent cannot run (on any node, this node, or this target) is exit 3;
        // the scope, not the code, tells the operator which of the three
        if (u instanceof UnsupportedProbeException) return ExitCodes.UNSUPPORTED;
        return switch (scope(u)) {
            case Spec -> ExitCodes.BAD_INPUT;
            case Node, Target -> ExitCodes.UNSUPPORTED;
            case Agent -> ExitCodes.INTERNAL;
        };
    }

    /** The failure as the operator reads it; {@code family} when the spec was read, else null. */
    static AgentFailure describe(Throwable t, ProbeFamily family) {
        Throwable u = unwrap(t);
        String nextRung = u instanceof UnsupportedProbeException p ? p.nextRung() : null;
        return new AgentFailure(OneLine.of(u), scope(u), family, nextRung);
    }

    private static Scope scope(Throwable t) {
        if (t instanceof InvalidSpecException || t instanceof BadInputException) return Scope.Spec;
        if (t instanceof IllegalArgumentException)
            return Scope.Spec; // manifest, duration, argument
        if (t instanceof UnsupportedProbeException u) return u.scope();
        if (t instanceof ReturnProbeRefusedException) return Scope.Target;
        if (t instanceof TracefsMissingException) return Scope.Node; // the node's mounts
        if (t instanceof SyscallException s)
            return NODE_ERRNOS.contains(s.errnoName()) ? Scope.Node : Scope.Agent;
        if (t instanceof IOException) return Scope.Spec; // missing binary, symbol, probe, process
        return Scope.Agent;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
    }
}
