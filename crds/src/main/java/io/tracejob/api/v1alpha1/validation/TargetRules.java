package io.tracejob.api.v1alpha1.validation;

import static io.tracejob.api.v1alpha1.validation.Checks.*;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.PrometheusRanking;
import io.tracejob.api.v1alpha1.SlowestBy;
import io.tracejob.api.v1alpha1.Target;
import java.time.Duration;
import java.util.List;

/**
 * The rules for {@code spec.target}: namespace, selector, pick, and how the slowest pod is ranked.
 */
final class TargetRules {
    private TargetRules() {}

    static void validateTarget(String at, Target target, List<Violation> out) {
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
        if (by.getProbe() != null) {
            range(
                    out,
                    byAt + ".probe.maxCandidates",
                    by.getProbe().getMaxCandidates(),
                    Rules.PRE_TRACE_CANDIDATES_MIN,
                    Rules.PRE_TRACE_CANDIDATES_MAX);
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
}
