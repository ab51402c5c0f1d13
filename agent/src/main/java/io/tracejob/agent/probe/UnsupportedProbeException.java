package io.tracejob.agent.probe;

import io.tracejob.api.v1alpha1.contract.AgentFailure.Scope;

/**
 * The spec is valid but cannot run here; the message says why and what to try, and the scope says
 * what the refusal holds for (the operator remembers only a node's gaps, never one spec's or one
 * target's).
 */
public final class UnsupportedProbeException extends Exception {
    private final Scope scope;
    private final String nextRung;

    /** A refusal of this spec (a field the family or the binary cannot serve), on any node. */
    public UnsupportedProbeException(String message) {
        this(message, Scope.Spec, null);
    }

    private UnsupportedProbeException(String message, Scope scope, String nextRung) {
        super(message);
        this.scope = scope;
        this.nextRung = nextRung;
    }

    /** This node lacks what the family needs; {@code nextRung} is the family to try instead. */
    public static UnsupportedProbeException onNode(String message, String nextRung) {
        return new UnsupportedProbeException(message, Scope.Node, nextRung);
    }

    /** This target cannot be traced this way (another process, or another measure, can). */
    public static UnsupportedProbeException forTarget(String message) {
        return new UnsupportedProbeException(message, Scope.Target, null);
    }

    public Scope scope() {
        return scope;
    }

    /** The family to try instead when the node lacks this one, else null. */
    public String nextRung() {
        return nextRung;
    }
}
