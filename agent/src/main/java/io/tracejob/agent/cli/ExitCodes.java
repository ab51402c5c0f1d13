package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.contract.AgentExitCode;

/**
 * The contract's exit codes ({@link AgentExitCode}, which says what each means) as the ints
 * picocli's commands return: 0 for any trace that produced a Result (its stopReason says how it
 * ended).
 */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = AgentExitCode.OK.code();
    static final int INTERNAL = AgentExitCode.INTERNAL.code();
    static final int BAD_INPUT = AgentExitCode.BAD_INPUT.code();
    static final int UNSUPPORTED = AgentExitCode.UNSUPPORTED.code();
}
