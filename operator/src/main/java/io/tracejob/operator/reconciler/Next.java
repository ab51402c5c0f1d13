package io.tracejob.operator.reconciler;

import java.time.Duration;
import java.util.Optional;

/**
 * What a phase handler asks of the dispatcher: when to look at the job again even if nothing
 * happens to it (empty: on its next event only). Status is written by the dispatcher after every
 * pass that changed it.
 */
record Next(Optional<Duration> after) {
    /**
     * Status changes raise no event of their own: a finished job comes straight back for its
     * finished pass.
     */
    static final Next FINISHED_PASS = after(Duration.ofMillis(1));

    static Next onEvent() {
        return new Next(Optional.empty());
    }

    static Next after(Duration delay) {
        return new Next(Optional.of(delay));
    }
}
