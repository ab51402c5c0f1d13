package io.tracejob.api.v1alpha1;

/**
 * What the agent does when the probe costs more CPU than the budget: trace only part of the time
 * (DutyCycle) or stop early (Stop).
 */
public enum OnExceed {
    DutyCycle,
    Stop
}
