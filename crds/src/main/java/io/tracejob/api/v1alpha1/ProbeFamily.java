package io.tracejob.api.v1alpha1;

/**
 * How the probe attaches: a user function (Uprobe), a USDT pair (Usdt), a kernel tracepoint pair
 * (Tracepoint), a kernel function (Kprobe, Kfunc).
 */
public enum ProbeFamily {
    Uprobe,
    Usdt,
    Tracepoint,
    Kprobe,
    Kfunc
}
