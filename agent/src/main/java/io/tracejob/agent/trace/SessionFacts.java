package io.tracejob.agent.trace;

/**
 * What the kernel side reported at the end of a trace, after detach.
 *
 * @param firings program runs on behalf of the traced processes, counted by the programs
 * @param bpfStats the kernel's run count and time of the programs, or null when BPF_ENABLE_STATS
 *     was not permitted
 * @param attachedNanos from attach to detach
 * @param probedNanos the part of it the probes were in (less than attachedNanos when duty cycled)
 * @param droppedInFlight calls in flight when a duty cycle took the probes out, never completed in
 *     a window
 * @param transitionNanos CPU time burned attaching, taking the probes out, putting them back and
 *     detaching
 * @param tracedCpuNanos CPU time the traced processes used while traced, or -1 when unknown: the
 *     most the probes can cost
 * @param budgetHoldable false when the attach and one take-out cost more than the budget over the
 *     whole trace
 * @param minimumNanos the least the trace could cost: its attach and one take-out (foreseen at the
 *     cost rate first seen)
 * @param following how the uprobes reached the target's processes
 * @param otherFirings firings of binary-wide probes in processes outside the target
 * @param membersFull forked processes left untraced because the traced set was full
 * @param stackResets times a thread's stack of open calls reached its limit and was dropped
 * @param firingNanos what the target's firings cost, each priced when it was counted ({@link
 *     FiringCost})
 * @param costSource where those prices came from
 * @param latestNanosPerFiring the price's figure at the end: what a firing would have cost when
 *     none was counted, from the source {@code costSource} names
 */
record SessionFacts(
        long[] counts,
        long events,
        InFlightCalls inFlight,
        long firings,
        io.tracejob.agent.bpf.ProgramStats bpfStats,
        long attachedNanos,
        long probedNanos,
        long droppedInFlight,
        long transitionNanos,
        int processesTraced,
        long clamped,
        long endsWithoutStart,
        long startMapFull,
        long tracedCpuNanos,
        boolean budgetHoldable,
        long minimumNanos,
        Following following,
        long otherFirings,
        long membersFull,
        long stackResets,
        double firingNanos,
        String costSource,
        double latestNanosPerFiring) {}
