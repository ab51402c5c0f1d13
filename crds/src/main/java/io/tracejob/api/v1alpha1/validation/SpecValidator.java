package io.tracejob.api.v1alpha1.validation;

import static io.tracejob.api.v1alpha1.validation.Checks.*;

import io.tracejob.api.v1alpha1.HistogramSpec;
import io.tracejob.api.v1alpha1.OverheadBudget;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRD's rules (patterns, lengths, ranges and CEL rules) in Java, for inputs that never passed
 * through an API server: a manifest read from a file, or a spec handed to the agent. A spec string
 * must pass here before it reaches a probe program, a path or a command line.
 *
 * <p>Fields the API server would default are accepted when absent (null) and then mean their
 * default.
 */
public final class SpecValidator {
    private SpecValidator() {}

    /** Every violation in {@code spec}; empty when it is valid. */
    public static List<Violation> validate(TraceJobSpec spec) {
        List<Violation> out = new ArrayList<>();
        validateJobSpec("spec", spec, out);
        return out;
    }

    /** Throws when {@code spec} breaks any rule; the message names each field and rule. */
    public static void check(TraceJobSpec spec) throws InvalidSpecException {
        List<Violation> violations = validate(spec);
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
    }

    /** Every violation in a TraceSchedule spec, including its job template's spec. */
    public static List<Violation> validate(TraceScheduleSpec spec) {
        List<Violation> out = new ArrayList<>();
        if (spec == null) {
            out.add(Violation.of("spec", "is required", null));
            return out;
        }
        TriggerRules.validate(spec, out);
        optionalString(
                out,
                "spec.schedule",
                spec.getSchedule(),
                Rules.CRON,
                Rules.CRON_MAX,
                Rules.CRON_RULE);
        optionalString(
                out,
                "spec.timeZone",
                spec.getTimeZone(),
                Rules.TIME_ZONE,
                Rules.TIME_ZONE_MAX,
                Rules.TIME_ZONE_RULE);
        cronUtilsAgree(out, spec);
        if (spec.getStartingDeadlineSeconds() != null && spec.getStartingDeadlineSeconds() < 0) {
            out.add(
                    Violation.of(
                            "spec.startingDeadlineSeconds",
                            "must be at least 0",
                            spec.getStartingDeadlineSeconds()));
        }
        range(
                out,
                "spec.successfulJobsHistoryLimit",
                spec.getSuccessfulJobsHistoryLimit(),
                0,
                Rules.HISTORY_LIMIT_MAX);
        range(
                out,
                "spec.failedJobsHistoryLimit",
                spec.getFailedJobsHistoryLimit(),
                0,
                Rules.HISTORY_LIMIT_MAX);
        if (spec.getJobTemplate() == null) {
            out.add(Violation.of("spec.jobTemplate", "is required", null));
        } else {
            TraceJobSpec template = spec.getJobTemplate().getSpec();
            validateJobSpec("spec.jobTemplate.spec", template, out);
            rule(
                    out,
                    "spec.jobTemplate.spec",
                    template == null || !Boolean.TRUE.equals(template.getStop()),
                    CelRules.TEMPLATE_NOT_STOPPED_MSG);
        }
        return out;
    }

    private static void validateJobSpec(String at, TraceJobSpec spec, List<Violation> out) {
        if (spec == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        TargetRules.validateTarget(at + ".target", spec.getTarget(), out);
        ProbeRules.validateProbe(at + ".probe", spec.getProbe(), out);

        if (spec.getDuration() == null) {
            out.add(Violation.of(at + ".duration", "is required", null));
        } else {
            atLeast(
                    out,
                    at + ".duration",
                    spec.getDuration(),
                    Rules.DURATION_MIN,
                    CelRules.DURATION_MIN_MSG);
        }
        if (spec.getInterval() != null) {
            atLeast(
                    out,
                    at + ".interval",
                    spec.getInterval(),
                    Rules.INTERVAL_MIN,
                    CelRules.INTERVAL_MIN_MSG);
        }
        OverheadBudget budget = spec.getOverheadBudget();
        if (budget != null) {
            double cpu = budget.getMaxCpuPercent();
            if (!(cpu > Rules.MAX_CPU_PERCENT_MIN && cpu <= Rules.MAX_CPU_PERCENT_MAX)) {
                out.add(
                        Violation.of(
                                at + ".overheadBudget.maxCpuPercent",
                                "must be more than "
                                        + Rules.MAX_CPU_PERCENT_MIN
                                        + " and at most "
                                        + Rules.MAX_CPU_PERCENT_MAX,
                                cpu));
            }
        }
        HistogramSpec histogram = spec.getHistogram();
        if (histogram != null) {
            range(
                    out,
                    at + ".histogram.significantDigits",
                    histogram.getSignificantDigits(),
                    Rules.SIGNIFICANT_DIGITS_MIN,
                    Rules.SIGNIFICANT_DIGITS_MAX);
        }
        if (spec.getTtlSecondsAfterFinished() < 0) {
            out.add(
                    Violation.of(
                            at + ".ttlSecondsAfterFinished",
                            "must be at least 0",
                            spec.getTtlSecondsAfterFinished()));
        }
    }

    /**
     * The regex is a coarse pre-check (the CRD's pattern); what passes it is parsed as the
     * scheduler parses it, so a schedule the operator cannot step is refused here.
     */
    private static void cronUtilsAgree(List<Violation> out, TraceScheduleSpec spec) {
        boolean scheduleShaped =
                out.stream().noneMatch(v -> v.field().equals("spec.schedule"))
                        && spec.getSchedule() != null;
        if (scheduleShaped) {
            CronExpressions.problem(spec.getSchedule())
                    .ifPresent(
                            why ->
                                    out.add(
                                            Violation.of(
                                                    "spec.schedule",
                                                    "must be a valid cron expression: " + why,
                                                    spec.getSchedule())));
        }
        boolean zoneShaped =
                out.stream().noneMatch(v -> v.field().equals("spec.timeZone"))
                        && spec.getTimeZone() != null;
        if (zoneShaped) {
            CronExpressions.zoneProblem(spec.getTimeZone())
                    .ifPresent(
                            why -> out.add(Violation.of("spec.timeZone", why, spec.getTimeZone())));
        }
    }
}
