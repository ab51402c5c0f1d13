package io.tracejob.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CadenceTest {
    private static final long MS = 1_000_000;

    @Test
    void theGapIsTheFiringTimeSinceTheCpusLastBurstOverItsCalls() {
        Cadence c = new Cadence(0);
        assertThat(c.gapNanos(0, 2)).isZero(); // nothing fired yet
        // the tracer looks every 10 ms; CPU 0 fires 100 times a look (50 calls: 200 µs apart),
        // CPU 1 twice a look
        for (long t = 10 * MS; t <= 100 * MS; t += 10 * MS) c.fired(new long[] {100, 2}, t);
        assertThat(c.gapNanos(0, 2)).isEqualTo(200_000);
        assertThat(c.gapNanos(1, 2)).isEqualTo(10 * MS);
        assertThat(c.busiest()).isZero();
        c.measured(0);
        assertThat(c.gapNanos(0, 2)).isZero();
        assertThat(c.busiest()).isEqualTo(1);
        c.unreachable(1);
        assertThat(c.busiest()).isEqualTo(-1);
    }

    @Test
    void timeWithTheProbesOutDoesNotMakeCallsLookFarApart() {
        Cadence c = new Cadence(0);
        // a duty cycle: probes in for 20 ms (100 k calls/s, one firing a call), then out for 980
        c.fired(new long[] {1_000}, 10 * MS);
        c.fired(new long[] {1_000}, 20 * MS);
        c.fired(new long[] {1_000}, 1_010 * MS); // the next window's first look
        // 3,000 calls over 10 + 10 + 10 (at most) ms of firing, not over a second: back to back
        assertThat(c.gapNanos(0, 1))
                .isEqualTo(30 * MS / 3_000)
                .isLessThan(Sentinel.PACED_FROM_NANOS);
    }
}
