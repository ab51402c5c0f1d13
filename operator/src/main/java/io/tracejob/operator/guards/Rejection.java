package io.tracejob.operator.guards;

import io.tracejob.operator.status.EventReason;

/** Why a TraceJob may not run: a condition reason and a message naming the field and the rule. */
public record Rejection(EventReason reason, String message) {}
