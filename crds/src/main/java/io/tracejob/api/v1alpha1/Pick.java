package io.tracejob.api.v1alpha1;

/**
 * Which matching pods to trace: the slowest one by the slowestBy ranking, all of them (up to
 * maxPods), or any one.
 */
public enum Pick {
    Slowest,
    All,
    Any
}
