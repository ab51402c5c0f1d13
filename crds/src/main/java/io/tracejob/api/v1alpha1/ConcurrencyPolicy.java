package io.tracejob.api.v1alpha1;

/** What a TraceSchedule does when a run is due while the previous TraceJob still runs. */
public enum ConcurrencyPolicy {
    Allow,
    Forbid,
    Replace
}
