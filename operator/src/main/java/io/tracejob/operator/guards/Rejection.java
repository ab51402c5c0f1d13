package io.tracejob.operator.guards;

/** Why a TraceJob may not run: a condition reason and a message naming the field and the rule. */
public record Rejection(String reason, String message) {
}
