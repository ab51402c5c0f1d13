package io.tracejob.api.v1alpha1;

/**
 * What the histogram records: time from entry to return or start to end (Latency), firings only
 * (Count), a numeric tracepoint field (Value).
 */
public enum Measure {
    Latency,
    Count,
    Value
}
