package io.tracejob.operator.schedule;

import io.tracejob.api.v1alpha1.ConcurrencyPolicy;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.PrometheusTrigger;
import io.tracejob.api.v1alpha1.TriggerEvaluation;
import io.tracejob.api.v1alpha1.TriggerState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A trigger's decision, as a pure function of the spec, the last evaluation (from status, so a
 * restart keeps the 'for' window and the cooldown), what the query read now, the clock and the
 * running TraceJobs: like an alerting rule, above {@code threshold} for {@code for} fires, and a
 * firing trigger starts a TraceJob unless the last one started within {@code cooldown}.
 */
public final class TriggerPlanner {
    private TriggerPlanner() {}

    /** What the query gave: the highest sample (empty: no sample), or why there is none. */
    public record Reading(OptionalDouble highest, String errorReason, String error) {
        public static Reading of(OptionalDouble highest) {
            return new Reading(highest, null, null);
        }

        public static Reading failed(String reason, String message) {
            return new Reading(OptionalDouble.empty(), reason, message);
        }
    }

    /**
     * @param evaluation the new {@code status.lastTrigger}
     * @param start when to start a TraceJob now (the fire time), if at all
     * @param replaceActive delete the running TraceJobs first (concurrencyPolicy Replace)
     * @param errorReason the condition reason when the query could not be evaluated, else null
     */
    public record Decision(
            TriggerEvaluation evaluation,
            Optional<Instant> start,
            boolean replaceActive,
            String errorReason) {}

    /** Whether the trigger is to be evaluated at {@code now} (its interval since the last). */
    public static boolean due(PrometheusTrigger t, TriggerEvaluation last, Instant now) {
        return !nextEvaluation(t, last).isAfter(now);
    }

    /** When the next evaluation is due: {@code interval} after the last one, else at once. */
    public static Instant nextEvaluation(PrometheusTrigger t, TriggerEvaluation last) {
        if (last == null || last.getTime() == null) return Instant.EPOCH;
        return Instant.parse(last.getTime()).plus(duration("interval", t.getInterval()));
    }

    public static Decision decide(
            PrometheusTrigger t,
            TriggerEvaluation last,
            Reading reading,
            Instant now,
            int active,
            ConcurrencyPolicy policy) {
        TriggerEvaluation e = new TriggerEvaluation();
        e.setTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        String lastFired = last == null ? null : last.getLastFiredTime();
        String pendingSince = last == null ? null : last.getPendingSince();
        e.setLastFiredTime(lastFired);
        if (reading.error() != null) {
            // the window is kept: one failed scrape does not restart a long 'for'
            e.setState(TriggerState.Error);
            e.setPendingSince(pendingSince);
            e.setMessage(reading.error());
            return new Decision(e, Optional.empty(), false, reading.errorReason());
        }
        double threshold = t.getThreshold();
        if (reading.highest().isEmpty() || !(reading.highest().getAsDouble() > threshold)) {
            e.setState(TriggerState.Below);
            if (reading.highest().isPresent()) e.setValue(number(reading.highest().getAsDouble()));
            e.setMessage(
                    reading.highest().isEmpty()
                            ? "the query returned no sample"
                            : e.getValue() + " is not above the threshold " + number(threshold));
            return new Decision(e, Optional.empty(), false, null);
        }
        e.setValue(number(reading.highest().getAsDouble()));
        Instant since =
                pendingSince == null
                        ? now.truncatedTo(ChronoUnit.SECONDS)
                        : Instant.parse(pendingSince);
        e.setPendingSince(since.toString());
        Duration needed = duration("for", t.getFor());
        if (Duration.between(since, now).compareTo(needed) < 0) {
            e.setState(TriggerState.Pending);
            e.setMessage(
                    e.getValue()
                            + " is above the threshold "
                            + number(threshold)
                            + " since "
                            + since
                            + "; fires at "
                            + since.plus(needed));
            return new Decision(e, Optional.empty(), false, null);
        }
        e.setState(TriggerState.Firing);
        String above =
                e.getValue()
                        + " has been above the threshold "
                        + number(threshold)
                        + " since "
                        + since;
        if (lastFired != null) {
            Instant until = Instant.parse(lastFired).plus(duration("cooldown", t.getCooldown()));
            if (now.isBefore(until)) {
                e.setMessage(above + "; cooling down: no TraceJob before " + until);
                return new Decision(e, Optional.empty(), false, null);
            }
        }
        if (active > 0 && policy == ConcurrencyPolicy.Forbid) {
            e.setMessage(
                    above
                            + "; waiting: the previous TraceJob still runs (concurrencyPolicy Forbid)");
            return new Decision(e, Optional.empty(), false, null);
        }
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        e.setLastFiredTime(at.toString());
        e.setMessage(above + "; started a TraceJob");
        return new Decision(
                e, Optional.of(at), active > 0 && policy == ConcurrencyPolicy.Replace, null);
    }

    private static Duration duration(String field, String value) {
        return KubeDuration.parse("spec.trigger.prometheus." + field, value);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
