package io.tracejob.api.v1alpha1.validation;

import static io.tracejob.api.v1alpha1.validation.Checks.*;

import io.tracejob.api.v1alpha1.PrometheusTrigger;
import io.tracejob.api.v1alpha1.ScheduleTrigger;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import java.util.List;

/** A TraceSchedule's {@code trigger}: the CRD's rules for it, and the same rules in Java. */
public final class TriggerRules {
    private TriggerRules() {}

    public static final String FOR_DEFAULT = "0s";
    public static final String INTERVAL_DEFAULT = "30s";
    public static final String INTERVAL_MIN = "5s";
    public static final String COOLDOWN_DEFAULT = "1h";

    /** A triggered run is named by its minute (a restart never starts it twice): one a minute. */
    public static final String COOLDOWN_MIN = "1m";

    public static final String INTERVAL_MIN_CEL =
            "duration(self) >= duration('" + INTERVAL_MIN + "')";
    public static final String INTERVAL_MIN_MSG = "interval must be at least " + INTERVAL_MIN;
    public static final String COOLDOWN_MIN_CEL =
            "duration(self) >= duration('" + COOLDOWN_MIN + "')";
    public static final String COOLDOWN_MIN_MSG = "cooldown must be at least " + COOLDOWN_MIN;
    public static final String SCHEDULE_OR_TRIGGER_CEL = "has(self.schedule) || has(self.trigger)";
    public static final String SCHEDULE_OR_TRIGGER_MSG =
            "a TraceSchedule needs a schedule, a trigger or both";

    static void validate(TraceScheduleSpec spec, List<Violation> out) {
        rule(
                out,
                "spec",
                spec.getSchedule() != null || spec.getTrigger() != null,
                SCHEDULE_OR_TRIGGER_MSG);
        ScheduleTrigger trigger = spec.getTrigger();
        if (trigger == null) return;
        PrometheusTrigger p = trigger.getPrometheus();
        String at = "spec.trigger.prometheus";
        if (p == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        requiredString(
                out,
                at + ".url",
                p.getUrl(),
                Rules.HTTP_URL,
                Rules.HTTP_URL_MAX,
                Rules.HTTP_URL_RULE);
        requiredString(
                out,
                at + ".query",
                p.getQuery(),
                Rules.PROMQL,
                Rules.PROMQL_MAX,
                Rules.PROMQL_RULE);
        if (p.getThreshold() == null) {
            out.add(Violation.of(at + ".threshold", "is required", null));
        } else if (p.getThreshold().isNaN() || p.getThreshold().isInfinite()) {
            out.add(Violation.of(at + ".threshold", "must be a finite number", p.getThreshold()));
        }
        if (p.getFor() != null) duration(out, at + ".for", p.getFor());
        if (p.getInterval() != null) {
            atLeast(out, at + ".interval", p.getInterval(), INTERVAL_MIN, INTERVAL_MIN_MSG);
        }
        if (p.getCooldown() != null) {
            atLeast(out, at + ".cooldown", p.getCooldown(), COOLDOWN_MIN, COOLDOWN_MIN_MSG);
        }
    }
}
