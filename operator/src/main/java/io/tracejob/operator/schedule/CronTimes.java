package io.tracejob.operator.schedule;

import com.cronutils.model.time.ExecutionTime;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import io.tracejob.api.v1alpha1.validation.CronExpressions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A schedule's due times as instants: the cron fields read in the schedule's time zone (so "0 9 * *
 * *" in Europe/Berlin is 08:00Z in winter and 07:00Z in summer), stepped by cron-utils.
 */
public final class CronTimes {
    /** Missed runs are counted up to this many per pass; an outage of years is not walked. */
    public static final int COUNT_CAP = 10_000;

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronTimes(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** Throws {@link IllegalArgumentException} when the schedule or zone is not valid. */
    public static CronTimes of(TraceScheduleSpec spec) {
        ZoneId zone = spec.getTimeZone() == null ? ZoneOffset.UTC : ZoneId.of(spec.getTimeZone());
        return new CronTimes(CronExpressions.parse(spec.getSchedule()), zone);
    }

    /** The latest due time at or before {@code now}. */
    public Optional<Instant> latestAtOrBefore(Instant now) {
        ZonedDateTime minute = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        if (times.isMatch(minute)) return Optional.of(minute.toInstant());
        return times.lastExecution(minute).map(ZonedDateTime::toInstant);
    }

    /** The first due time after {@code t}. */
    public Optional<Instant> nextAfter(Instant t) {
        return times.nextExecution(t.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /** Due times strictly between {@code after} and {@code before}, at most {@link #COUNT_CAP}. */
    public int countBetween(Instant after, Instant before) {
        int n = 0;
        Optional<Instant> t = nextAfter(after);
        while (t.isPresent() && t.get().isBefore(before) && n < COUNT_CAP) {
            n++;
            t = nextAfter(t.get());
        }
        return n;
    }
}
