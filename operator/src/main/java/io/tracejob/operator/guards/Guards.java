package io.tracejob.operator.guards;

import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.ProbeRanking;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.api.v1alpha1.validation.Violation;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.status.EventReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The installation's rules, checked before anything runs: namespace allowed, spec valid (again: the
 * API server's schema may be older than this operator), duration within the maximum, probe family
 * allowed.
 */
public final class Guards {
    private final OperatorConfig config;

    public Guards(OperatorConfig config) {
        this.config = config;
    }

    public Optional<Rejection> check(TraceJob job) {
        String ns = job.getMetadata().getNamespace();
        if (!config.allowedNamespaces().isEmpty() && !config.allowedNamespaces().contains(ns)) {
            return Optional.of(
                    new Rejection(
                            EventReason.NAMESPACE_NOT_ALLOWED,
                            "namespace "
                                    + ns
                                    + " may not run TraceJobs; the operator allows "
                                    + new TreeSet<>(config.allowedNamespaces())));
        }
        if (job.getSpec() == null)
            return Optional.of(new Rejection(EventReason.INVALID_SPEC, "spec: is missing"));
        List<Violation> violations = SpecValidator.validate(job.getSpec());
        if (!violations.isEmpty()) {
            return Optional.of(
                    new Rejection(
                            EventReason.INVALID_SPEC,
                            violations.stream()
                                    .map(Violation::toString)
                                    .collect(Collectors.joining("; "))));
        }
        Duration d = KubeDuration.parse("spec.duration", job.getSpec().getDuration());
        if (d.compareTo(config.maxDuration()) > 0) {
            return Optional.of(
                    new Rejection(
                            EventReason.DURATION_TOO_LONG,
                            "spec.duration: "
                                    + job.getSpec().getDuration()
                                    + " is longer than the operator's maximum of "
                                    + KubeDuration.format(config.maxDuration())));
        }
        ProbeFamily family = job.getSpec().getProbe().getFamily();
        if (!config.allowedFamilies().isEmpty() && !config.allowedFamilies().contains(family)) {
            return Optional.of(
                    new Rejection(
                            EventReason.FAMILY_NOT_ALLOWED,
                            "spec.probe.family: "
                                    + family
                                    + " is not allowed by the operator; allowed: "
                                    + new TreeSet<>(config.allowedFamilies())));
        }
        return Optional.empty();
    }

    /**
     * Pre-trace length for pick Slowest by probe (also the default ranking when slowestBy is
     * absent).
     */
    public static Duration preTraceDuration(TraceJob job) {
        var by = job.getSpec().getTarget().getSlowestBy();
        ProbeRanking p = by == null || by.getProbe() == null ? new ProbeRanking() : by.getProbe();
        return KubeDuration.parse("spec.target.slowestBy.probe.duration", p.getDuration());
    }
}
