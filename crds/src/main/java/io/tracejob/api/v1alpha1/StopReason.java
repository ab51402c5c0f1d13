package io.tracejob.api.v1alpha1;

/** Why tracing ended. */
public enum StopReason {
    Completed,
    TargetExited,
    BudgetExceeded,
    Signalled,
    DeadlineExceeded,
    Error
}
