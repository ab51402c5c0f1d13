package io.tracejob.operator.completion;

import io.tracejob.api.v1alpha1.Result;

/** What one agent pod has come to, read from its status alone. */
public sealed interface AgentOutcome {

    /** Not finished; {@code state} in words (Pending, Running). */
    record InProgress(String state) implements AgentOutcome {}

    /**
     * A result was written; {@code partial} when tracing was cut short (deadline, signal), with why
     * in {@code note}.
     */
    record Finished(Result result, boolean partial, String note) implements AgentOutcome {}

    /**
     * No result; {@code reason} is a condition reason, {@code message} says what happened and what
     * to do.
     */
    record Failed(String reason, String message) implements AgentOutcome {}

    default boolean done() {
        return !(this instanceof InProgress);
    }
}
