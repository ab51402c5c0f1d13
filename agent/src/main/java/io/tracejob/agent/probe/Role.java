package io.tracejob.agent.probe;

/** What a probe site does in the measurement. */
public enum Role {
    /** begins a measured interval (function entry, USDT start, start tracepoint) */
    START,
    /** ends it (function return, USDT end, end tracepoint) */
    END,
    /** counts an event */
    EVENT,
    /** records a tracepoint field's value */
    VALUE
}
