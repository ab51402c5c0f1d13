package io.tracejob.agent.trace;

/**
 * What the kernel side reported at the end of a trace, after detach.
 *
 * @param attachedNanos   from attach to detach
 * @param probedNanos     the part of it the probes were in (less than attachedNanos when duty cycled)
 * @param droppedInFlight calls in flight when a duty cycle took the probes out, never completed in a window
 * @param transitionNanos time spent taking probes out and putting them back, charged as a full core
 * @param following       how the uprobes reached the target's processes
 * @param otherFirings    firings of binary-wide probes in processes outside the target
 * @param membersFull     forked processes left untraced because the traced set was full
 */
record SessionFacts(
        long[] counts,
        long events,
        TraceSession.InFlightCalls inFlight,
        long firings,
        long bpfNanos,
        long attachedNanos,
        long probedNanos,
        long droppedInFlight,
        long transitionNanos,
        int processesTraced,
        long clamped,
        long endsWithoutStart,
        long startMapFull,
        Following following,
        long otherFirings,
        long membersFull) {}
