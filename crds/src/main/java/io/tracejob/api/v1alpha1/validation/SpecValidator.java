package io.tracejob.api.v1alpha1.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.tracejob.api.v1alpha1.HistogramSpec;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.OverheadBudget;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.Target;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.TraceScheduleSpec;
import io.tracejob.api.v1alpha1.TracepointPair;
import io.tracejob.api.v1alpha1.UsdtProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

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
        requiredString(
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
            validateJobSpec("spec.jobTemplate.spec", spec.getJobTemplate().getSpec(), out);
        }
        return out;
    }

    private static void validateJobSpec(String at, TraceJobSpec spec, List<Violation> out) {
        if (spec == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        validateTarget(at + ".target", spec.getTarget(), out);
        validateProbe(at + ".probe", spec.getProbe(), out);

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

    private static void validateTarget(String at, Target target, List<Violation> out) {
        if (target == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        if ((target.getPodName() != null) == (target.getSelector() != null)) {
            out.add(Violation.of(at, CelRules.TARGET_ONE_OF_MSG, null));
        }
        optionalString(
                out,
                at + ".podName",
                target.getPodName(),
                Rules.DNS_SUBDOMAIN,
                Rules.DNS_SUBDOMAIN_MAX,
                Rules.DNS_SUBDOMAIN_RULE);
        optionalString(
                out,
                at + ".container",
                target.getContainer(),
                Rules.DNS_LABEL,
                Rules.DNS_LABEL_MAX,
                Rules.DNS_LABEL_RULE);
        range(out, at + ".maxPods", target.getMaxPods(), Rules.MAX_PODS_MIN, Rules.MAX_PODS_MAX);
        validateSelector(at + ".selector", target.getSelector(), out);

        SlowestBy by = target.getSlowestBy();
        if (by == null) return;
        String byAt = at + ".slowestBy";
        int members =
                (by.getPrometheus() != null ? 1 : 0)
                        + (by.getCpu() != null ? 1 : 0)
                        + (by.getProbe() != null ? 1 : 0);
        if (members != 1) out.add(Violation.of(byAt, CelRules.SLOWEST_BY_ONE_OF_MSG, null));
        PrometheusRanking prometheus = by.getPrometheus();
        if (prometheus != null) {
            requiredString(
                    out,
                    byAt + ".prometheus.url",
                    prometheus.getUrl(),
                    Rules.HTTP_URL,
                    Rules.HTTP_URL_MAX,
                    Rules.HTTP_URL_RULE);
            requiredString(
                    out,
                    byAt + ".prometheus.query",
                    prometheus.getQuery(),
                    Rules.PROMQL,
                    Rules.PROMQL_MAX,
                    Rules.PROMQL_RULE);
            optionalString(
                    out,
                    byAt + ".prometheus.podLabel",
                    prometheus.getPodLabel(),
                    Rules.PROMETHEUS_LABEL,
                    Rules.PROMETHEUS_LABEL_MAX,
                    Rules.PROMETHEUS_LABEL_RULE);
        }
        if (by.getProbe() != null && by.getProbe().getDuration() != null) {
            String field = byAt + ".probe.duration";
            Duration d = duration(out, field, by.getProbe().getDuration());
            if (d != null
                    && (d.compareTo(KubeDuration.parse(field, Rules.PRE_TRACE_MIN)) < 0
                            || d.compareTo(KubeDuration.parse(field, Rules.PRE_TRACE_MAX)) > 0)) {
                out.add(
                        Violation.of(
                                field, CelRules.PRE_TRACE_RANGE_MSG, by.getProbe().getDuration()));
            }
        }
    }

    /**
     * The CRD leaves the selector to Kubernetes' own LabelSelector schema (the API server checks it
     * when the operator lists pods); checking it here too means a local manifest fails early, with
     * the field named.
     */
    private static void validateSelector(String at, LabelSelector selector, List<Violation> out) {
        if (selector == null) return;
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels()
                    .forEach(
                            (k, v) -> {
                                if (matches(
                                        out,
                                        at + ".matchLabels",
                                        k,
                                        Rules.LABEL_KEY,
                                        Rules.LABEL_KEY_MAX,
                                        Rules.LABEL_KEY_RULE)) {
                                    String field = at + ".matchLabels." + k;
                                    if (v == null)
                                        out.add(Violation.of(field, "is required", null));
                                    else
                                        matches(
                                                out,
                                                field,
                                                v,
                                                Rules.LABEL_VALUE,
                                                Rules.LABEL_VALUE_MAX,
                                                Rules.LABEL_VALUE_RULE);
                                }
                            });
        }
        if (selector.getMatchExpressions() != null) {
            int i = 0;
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String e = at + ".matchExpressions[" + i++ + "]";
                requiredString(
                        out,
                        e + ".key",
                        r.getKey(),
                        Rules.LABEL_KEY,
                        Rules.LABEL_KEY_MAX,
                        Rules.LABEL_KEY_RULE);
                requiredString(
                        out,
                        e + ".operator",
                        r.getOperator(),
                        Rules.SELECTOR_OPERATOR,
                        16,
                        Rules.SELECTOR_OPERATOR_RULE);
                if (r.getValues() != null) {
                    for (String v : r.getValues()) {
                        requiredString(
                                out,
                                e + ".values",
                                v,
                                Rules.LABEL_VALUE,
                                Rules.LABEL_VALUE_MAX,
                                Rules.LABEL_VALUE_RULE);
                    }
                }
            }
        }
    }

    private static void validateProbe(String at, Probe probe, List<Violation> out) {
        if (probe == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        optionalString(
                out,
                at + ".binary",
                probe.getBinary(),
                Rules.ABSOLUTE_PATH,
                Rules.ABSOLUTE_PATH_MAX,
                Rules.ABSOLUTE_PATH_RULE);
        optionalString(
                out,
                at + ".function",
                probe.getFunction(),
                Rules.SYMBOL,
                Rules.SYMBOL_MAX,
                Rules.SYMBOL_RULE);
        if (probe.getOffset() != null && probe.getOffset() < 0) {
            out.add(Violation.of(at + ".offset", "must be at least 0", probe.getOffset()));
        }
        UsdtProbe usdt = probe.getUsdt();
        if (usdt != null) {
            requiredString(
                    out,
                    at + ".usdt.provider",
                    usdt.getProvider(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
            requiredString(
                    out,
                    at + ".usdt.start",
                    usdt.getStart(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
            optionalString(
                    out,
                    at + ".usdt.end",
                    usdt.getEnd(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
        }
        TracepointPair tp = probe.getTracepoint();
        if (tp != null) {
            requiredString(
                    out,
                    at + ".tracepoint.start",
                    tp.getStart(),
                    Rules.TRACEPOINT,
                    Rules.TRACEPOINT_MAX,
                    Rules.TRACEPOINT_RULE);
            optionalString(
                    out,
                    at + ".tracepoint.end",
                    tp.getEnd(),
                    Rules.TRACEPOINT,
                    Rules.TRACEPOINT_MAX,
                    Rules.TRACEPOINT_RULE);
            optionalString(
                    out,
                    at + ".tracepoint.key",
                    tp.getKey(),
                    Rules.TRACEPOINT_KEY,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
        }
        optionalString(
                out,
                at + ".valueField",
                probe.getValueField(),
                Rules.IDENTIFIER,
                Rules.IDENTIFIER_MAX,
                Rules.IDENTIFIER_RULE);

        ProbeFamily family = probe.getFamily();
        if (family == null) {
            out.add(Violation.of(at + ".family", "is required", null));
            return;
        }
        Measure measure = probe.getMeasure() == null ? Measure.Latency : probe.getMeasure();
        boolean hasBinary = probe.getBinary() != null;
        boolean hasFunction = probe.getFunction() != null;
        // Same order and wording as the CEL rules on Probe.
        rule(
                out,
                at + ".binary",
                family != ProbeFamily.Uprobe || hasBinary,
                CelRules.UPROBE_BINARY_MSG);
        rule(
                out,
                at + ".function",
                family != ProbeFamily.Uprobe || hasFunction,
                CelRules.UPROBE_FUNCTION_MSG);
        rule(
                out,
                at + ".binary",
                family != ProbeFamily.Usdt || hasBinary,
                CelRules.USDT_BINARY_MSG);
        rule(
                out,
                at + ".usdt",
                family != ProbeFamily.Usdt || usdt != null,
                CelRules.USDT_REQUIRED_MSG);
        rule(
                out,
                at + ".tracepoint",
                family != ProbeFamily.Tracepoint || tp != null,
                CelRules.TRACEPOINT_REQUIRED_MSG);
        rule(
                out,
                at + ".function",
                !(family == ProbeFamily.Kprobe || family == ProbeFamily.Kfunc) || hasFunction,
                CelRules.KERNEL_FUNCTION_MSG);
        rule(out, at + ".usdt", usdt == null || family == ProbeFamily.Usdt, CelRules.USDT_ONLY_MSG);
        rule(
                out,
                at + ".tracepoint",
                tp == null || family == ProbeFamily.Tracepoint,
                CelRules.TRACEPOINT_ONLY_MSG);
        rule(
                out,
                at + ".function",
                !hasFunction
                        || family == ProbeFamily.Uprobe
                        || family == ProbeFamily.Kprobe
                        || family == ProbeFamily.Kfunc,
                CelRules.FUNCTION_ONLY_MSG);
        rule(
                out,
                at + ".binary",
                !hasBinary || family == ProbeFamily.Uprobe || family == ProbeFamily.Usdt,
                CelRules.BINARY_ONLY_MSG);
        rule(
                out,
                at + ".binary",
                !hasBinary
                        || !(probe.getBinary().startsWith("/proc/")
                                || probe.getBinary().startsWith("/sys/")
                                || probe.getBinary().startsWith("/dev/")),
                CelRules.BINARY_NOT_PSEUDO_FS_MSG);
        rule(
                out,
                at + ".offset",
                probe.getOffset() == null
                        || family == ProbeFamily.Uprobe
                        || family == ProbeFamily.Kprobe,
                CelRules.OFFSET_ONLY_MSG);
        rule(
                out,
                at + ".valueField",
                measure != Measure.Value || probe.getValueField() != null,
                CelRules.VALUE_FIELD_REQUIRED_MSG);
        rule(
                out,
                at + ".valueField",
                probe.getValueField() == null || measure == Measure.Value,
                CelRules.VALUE_FIELD_ONLY_MSG);
        rule(
                out,
                at + ".measure",
                measure != Measure.Value || family == ProbeFamily.Tracepoint,
                CelRules.VALUE_TRACEPOINT_MSG);
        rule(
                out,
                at + ".usdt.end",
                measure != Measure.Latency || usdt == null || usdt.getEnd() != null,
                CelRules.USDT_END_FOR_LATENCY_MSG);
        rule(
                out,
                at + ".tracepoint.end",
                measure != Measure.Latency || tp == null || tp.getEnd() != null,
                CelRules.TRACEPOINT_END_FOR_LATENCY_MSG);
    }

    private static void rule(List<Violation> out, String field, boolean holds, String message) {
        if (!holds) out.add(Violation.of(field, message, null));
    }

    private static void atLeast(
            List<Violation> out, String field, String value, String min, String message) {
        Duration d = duration(out, field, value);
        if (d != null && d.compareTo(KubeDuration.parse(field, min)) < 0) {
            out.add(Violation.of(field, message, value));
        }
    }

    /** The parsed duration, or null after recording why it is not one. */
    private static Duration duration(List<Violation> out, String field, String value) {
        if (!matches(out, field, value, Rules.DURATION, Rules.DURATION_MAX, Rules.DURATION_RULE))
            return null;
        try {
            return KubeDuration.parse(field, value);
        } catch (IllegalArgumentException e) {
            out.add(Violation.of(field, "is too long a duration", value));
            return null;
        }
    }

    private static void range(List<Violation> out, String field, long value, long min, long max) {
        if (value < min || value > max) {
            out.add(Violation.of(field, "must be between " + min + " and " + max, value));
        }
    }

    private static void requiredString(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        if (value == null) {
            out.add(Violation.of(field, "is required", null));
        } else {
            matches(out, field, value, regex, maxLength, rule);
        }
    }

    private static void optionalString(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        if (value != null) matches(out, field, value, regex, maxLength, rule);
    }

    private static boolean matches(
            List<Violation> out,
            String field,
            String value,
            String regex,
            int maxLength,
            String rule) {
        // Length first: the schema's maxLength, and it keeps the regex away from megabyte inputs.
        if (value.length() > maxLength) {
            out.add(Violation.of(field, "must be at most " + maxLength + " characters", value));
            return false;
        }
        if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(value).matches()) {
            out.add(Violation.of(field, rule, value));
            return false;
        }
        return true;
    }
}
