package io.tracejob.api.v1alpha1.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the agent's exit code tells the operator. Only {@link #OK} comes with a Result; every other
 * code comes with an {@link AgentFailure} after {@link TerminationMessageFormat#ERROR_PREFIX}
 * saying why.
 */
public enum AgentExitCode {
    /**
     * a Result was written, even for a trace that stopped early: its stopReason says how the trace
     * ended
     */
    OK(0),
    /** the agent itself failed unexpectedly */
    INTERNAL(1),
    /**
     * bad input: a spec field or an option breaks a rule (picocli's own usage errors exit with this
     * code too)
     */
    BAD_INPUT(2),
    /**
     * this node cannot run the probe: a kernel feature or privilege is missing, or the spec asks
     * what it cannot do
     */
    UNSUPPORTED(3);

    private final int code;

    AgentExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /**
     * The contract's meaning of a process exit status; empty for one the agent never returns (a
     * signal, a crash).
     */
    public static Optional<AgentExitCode> of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }
}
