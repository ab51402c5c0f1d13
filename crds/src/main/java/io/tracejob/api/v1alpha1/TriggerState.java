package io.tracejob.api.v1alpha1;

/** Where a schedule's trigger stands after its last evaluation, as an alerting rule's state. */
public enum TriggerState {
    /** the highest sample is at or below threshold, or there is none */
    Below,
    /** above threshold, for less than 'for' */
    Pending,
    /** above threshold for 'for' or longer */
    Firing,
    /** the query could not be evaluated; message says why */
    Error
}
