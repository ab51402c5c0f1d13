package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.ScalarHash;
import java.io.IOException;

/**
 * Calls entered and not yet ended, as the starts map holds them, and the age of the oldest.
 *
 * @param count starts in the map
 * @param oldestNanos age of the oldest at the time asked, 0 when there is none
 */
public record InFlightCalls(long count, long oldestNanos) {

    /** What {@code starts} holds at {@code nowNanos} (CLOCK_MONOTONIC, as the programs' clock). */
    static InFlightCalls in(ScalarHash starts, long nowNanos) throws IOException {
        long count = 0, oldest = Long.MAX_VALUE;
        for (long start : starts.entries().values()) {
            count++;
            oldest = Math.min(oldest, start);
        }
        return new InFlightCalls(count, count == 0 ? 0 : Math.max(0, nowNanos - oldest));
    }
}
