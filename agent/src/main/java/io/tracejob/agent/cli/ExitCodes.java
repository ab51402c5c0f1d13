package io.tracejob.agent.cli;

/** Exit codes: 0 for any trace that produced a Result (its stopReason says how it ended). */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    /** the agent itself failed unexpectedly */
    static final int INTERNAL = 1;
    /** bad input: a spec field or an option breaks a rule */
    static final int BAD_INPUT = 2;
    /** this node cannot run the probe: a kernel feature or privilege is missing */
    static final int UNSUPPORTED = 3;
}
