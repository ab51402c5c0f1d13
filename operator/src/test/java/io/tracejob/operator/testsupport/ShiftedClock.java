package io.tracejob.operator.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by {@link #advance}: time passes as usual, and an hour can pass at
 * once.
 */
public final class ShiftedClock extends Clock {
    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration d) {
        shift.accumulateAndGet(d, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(shift.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
