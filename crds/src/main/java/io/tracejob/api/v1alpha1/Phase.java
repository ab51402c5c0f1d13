package io.tracejob.api.v1alpha1;

/** Lifecycle phase of a TraceJob. */
public enum Phase {
    Pending,
    Selecting,
    Running,
    Succeeded,
    Failed
}
