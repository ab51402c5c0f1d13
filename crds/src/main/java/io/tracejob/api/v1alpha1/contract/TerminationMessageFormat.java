package io.tracejob.api.v1alpha1.contract;

/**
 * The agent container's termination message, which is how the agent hands its answer to the
 * operator: on exit {@link AgentExitCode#OK} the Result as JSON (an object, so it starts with '{'),
 * otherwise one line starting with {@link #ERROR_PREFIX} and an {@link AgentFailure} as JSON (the
 * reason and what it holds for); never more than {@link #MAX_BYTES}.
 */
public final class TerminationMessageFormat {
    private TerminationMessageFormat() {}

    /** The kubelet's default termination message path, which the agent pod names explicitly. */
    public static final String PATH = "/dev/termination-log";

    /**
     * The kubelet truncates one container's termination message here; a truncated JSON would be
     * unreadable.
     */
    public static final int MAX_BYTES = 4096;

    /**
     * Starts every failure line, so the operator can tell the agent's own reason from a runtime's
     * text.
     */
    public static final String ERROR_PREFIX = "tracejob-agent: ";

    /** A failure line for a person (stderr); the termination message is {@link AgentFailure}'s. */
    public static String error(String oneLine) {
        return ERROR_PREFIX + oneLine;
    }

    /**
     * The reason in a failure message (the agent's own words); a message without the prefix as it
     * is.
     */
    public static String errorText(String message) {
        return message.startsWith(ERROR_PREFIX)
                ? AgentFailure.fromTerminationMessage(message).orElseThrow().reason()
                : message;
    }
}
