package io.tracejob.agent.trace;

/** What the kernel side reported at the end of a trace, after detach. */
record SessionFacts(
        long[] counts,
        long events,
        TraceSession.InFlightCalls inFlight,
        long firings,
        long bpfNanos,
        long attachedNanos,
        int processesTraced,
        long clamped,
        long endsWithoutStart,
        long startMapFull) {}
