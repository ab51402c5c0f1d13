package io.tracejob.agent.trace;

import java.time.Instant;

/**
 * Maps CLOCK_MONOTONIC nanoseconds (what both {@link System#nanoTime()} and {@code
 * bpf_ktime_get_ns} read on Linux) to wall-clock instants for the Result's timestamps.
 */
final class IntervalClock {
    private final long monoAtStart = System.nanoTime();
    private final Instant wallAtStart = Instant.now();

    Instant wall(long mono) {
        return wallAtStart.plusNanos(mono - monoAtStart);
    }
}
