package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Due times in the schedule's zone, across both DST changes of Europe/Berlin in 2026. */
class CronTimesTest {
    private static CronTimes times(String cron, String zone) {
        TraceScheduleSpec s = new TraceScheduleSpec();
        s.setSchedule(cron);
        s.setTimeZone(zone);
        return CronTimes.of(s);
    }

    @Test
    void nineOClockInBerlinMovesAnHourInUtcAcrossTheSpringChange() {
        CronTimes t = times("0 9 * * *", "Europe/Berlin");
        // 28 March is CET (UTC+1), 29 March (clocks forward at 02:00) is CEST (UTC+2).
        Instant saturday = t.nextAfter(Instant.parse("2026-03-28T00:00:00Z")).orElseThrow();
        Instant sunday = t.nextAfter(saturday).orElseThrow();
        assertThat(saturday).isEqualTo(Instant.parse("2026-03-28T08:00:00Z"));
        assertThat(sunday).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void aTimeInTheRepeatedAutumnHourRunsOnce() {
        // 25 October 2026: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice.
        CronTimes t = times("30 2 * * *", "Europe/Berlin");
        Instant first = t.nextAfter(Instant.parse("2026-10-24T12:00:00Z")).orElseThrow();
        Instant second = t.nextAfter(first).orElseThrow();
        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(second).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void latestAtOrBeforeIncludesTheDueMinuteItself() {
        CronTimes t = times("@hourly", null);
        assertThat(t.latestAtOrBefore(Instant.parse("2026-06-01T09:00:00Z")))
                .contains(Instant.parse("2026-06-01T09:00:00Z"));
        assertThat(t.latestAtOrBefore(Instant.parse("2026-06-01T09:59:59Z")))
                .contains(Instant.parse("2026-06-01T09:00:00Z"));
    }

    @Test
    void countsTheDueTimesStrictlyBetween() {
        CronTimes t = times("*/15 * * * *", "UTC");
        assertThat(
                        t.countBetween(
                                Instant.parse("2026-06-01T09:00:00Z"),
                                Instant.parse("2026-06-01T10:00:00Z")))
                .isEqualTo(3);
    }
}
