package io.tracejob.operator.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What one pass over a schedule decided.
 *
 * @param start the due time of the TraceJob to create now, if any
 * @param replaceActive delete the running TraceJobs first (concurrencyPolicy Replace)
 * @param skipped runs given up in this pass (deadline passed, Forbid, or missed in an outage)
 * @param handledUpTo the latest due time now handled, started or skipped
 * @param next the next due time (empty while suspended or when there is none)
 * @param why a sentence for the Ready condition's message
 * @param decision what kind of pass it was, for the schedule's Events
 */
public record RunPlan(
        Optional<Instant> start,
        boolean replaceActive,
        long skipped,
        Instant handledUpTo,
        Optional<Instant> next,
        String why,
        Decision decision) {

    /** The kinds of pass, each with its Event (or none). */
    public enum Decision {
        /** a run starts ({@link #start} is set) */
        START,
        /** nothing is due */
        WAIT,
        /** the latest due run is past {@code startingDeadlineSeconds} */
        PAST_DEADLINE,
        /** the latest due run is skipped: concurrencyPolicy Forbid and a run is active */
        FORBIDDEN,
        /** {@code spec.suspend} */
        SUSPENDED,
        /** the kill switch holds all tracing */
        PAUSED
    }
}
