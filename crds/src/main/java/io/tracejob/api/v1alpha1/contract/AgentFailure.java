package io.tracejob.api.v1alpha1.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Why the agent produced no Result, as the operator reads it: the agent's own words ({@code
 * reason}), and what they hold for ({@code scope}), so the operator never has to parse the words to
 * decide, e.g., whether a node lacks a probe family (remembered for the node) or one spec cannot
 * run (not remembered). Written after {@link TerminationMessageFormat#ERROR_PREFIX} as one JSON
 * object.
 *
 * @param reason one line naming the field or the missing feature and the rule
 * @param scope what the failure holds for
 * @param family the spec's probe family, when the spec was read
 * @param nextRung for a node that lacks the family: the cheaper family to try instead, else null
 */
@JsonPropertyOrder({"reason", "scope", "family", "nextRung"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentFailure(String reason, Scope scope, ProbeFamily family, String nextRung) {
    /**
     * The reason is at most this long, so the whole message stays far below the kubelet's limit.
     */
    public static final int MAX_REASON_CHARS = 2048;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a failure holds for, and so what the operator may conclude from it. */
    public enum Scope {
        /** the spec (or an option) cannot work anywhere: fix the spec */
        Spec,
        /**
         * this node lacks a kernel feature or a privilege the family needs: any job of the family
         */
        Node,
        /** this target cannot be traced this way (e.g. a return probe would kill it): this job */
        Target,
        /** the agent failed unexpectedly */
        Agent
    }

    public AgentFailure {
        if (reason == null || reason.isBlank()) reason = "no reason given";
        if (reason.length() > MAX_REASON_CHARS)
            reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
        if (scope == null) scope = Scope.Agent;
    }

    /**
     * The termination message: the contract's prefix, then this failure as one JSON object, the
     * reason shortened until the whole fits {@link TerminationMessageFormat#MAX_BYTES} (multi-byte
     * characters and JSON escapes can make a short reason long in bytes).
     */
    public String toTerminationMessage() {
        AgentFailure f = this;
        while (true) {
            String message;
            try {
                message = TerminationMessageFormat.ERROR_PREFIX + JSON.writeValueAsString(f);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an AgentFailure always serializes", e);
            }
            if (message.getBytes(StandardCharsets.UTF_8).length
                    <= TerminationMessageFormat.MAX_BYTES) return message;
            String r = f.reason;
            f = new AgentFailure(r.substring(0, r.length() / 2) + "…", scope, family, nextRung);
        }
    }

    /**
     * The failure in a termination message; empty when the message is not a failure of ours (a
     * Result, a runtime's text). A prefixed plain line (an agent older than this format) reads as a
     * failure of unknown scope ({@link Scope#Agent}).
     */
    public static Optional<AgentFailure> fromTerminationMessage(String message) {
        if (message == null || !message.startsWith(TerminationMessageFormat.ERROR_PREFIX))
            return Optional.empty();
        String body = message.substring(TerminationMessageFormat.ERROR_PREFIX.length()).strip();
        if (body.startsWith("{")) {
            try {
                return Optional.of(JSON.readValue(body, AgentFailure.class));
            } catch (JsonProcessingException e) {
                // not ours after all: keep the words
            }
        }
        return Optional.of(new AgentFailure(body, Scope.Agent, null, null));
    }
}
