package io.tracejob.agent.cli;

import io.tracejob.agent.cost.CostCache;
import io.tracejob.agent.cost.NodeCosts;
import io.tracejob.agent.engine.TraceSettings;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated spec plus the command line's overrides. Nothing reaches the engine without passing
 * here.
 *
 * @param following how uprobes reach the target's processes, or null for the agent's choice
 */
record TraceOptions(
        TraceJobSpec spec,
        Duration duration,
        Duration interval,
        Path json,
        Path hgrm,
        TrapCosts trapCosts,
        Path costCache,
        Following following) {

    TraceOptions withFollowing(Following f) {
        return new TraceOptions(spec, duration, interval, json, hgrm, trapCosts, costCache, f);
    }

    static TraceOptions from(
            TraceJobSpec spec,
            String durationOverride,
            String intervalOverride,
            Path json,
            Path hgrm)
            throws Exception {
        return from(spec, durationOverride, intervalOverride, json, hgrm, null);
    }

    static TraceOptions from(
            TraceJobSpec spec,
            String durationOverride,
            String intervalOverride,
            Path json,
            Path hgrm,
            Path calibration)
            throws Exception {
        return from(spec, durationOverride, intervalOverride, json, hgrm, calibration, null);
    }

    /**
     * @param calibration a file from {@code calibrate}, or null to use this node's measured costs
     *     ({@link NodeCosts})
     * @param costCache the directory this node's measured costs are cached in, or null for the
     *     default
     */
    static TraceOptions from(
            TraceJobSpec spec,
            String durationOverride,
            String intervalOverride,
            Path json,
            Path hgrm,
            Path calibration,
            Path costCache)
            throws Exception {
        if (costCache != null && Files.exists(costCache) && !Files.isDirectory(costCache)) {
            throw new BadInputException(
                    "--cost-cache: " + costCache + " exists and is not a directory");
        }
        if (spec == null) throw new BadInputException("spec: the manifest has no spec");
        SpecValidator.check(spec);
        Duration d =
                durationOverride != null
                        ? KubeDuration.parse("--duration", durationOverride)
                        : KubeDuration.parse("spec.duration", spec.getDuration());
        Duration i =
                intervalOverride != null
                        ? KubeDuration.parse("--interval", intervalOverride)
                        : KubeDuration.parse("spec.interval", spec.getInterval());
        if (d.compareTo(Duration.ofSeconds(1)) < 0)
            throw new BadInputException("--duration: must be at least 1s, got " + durationOverride);
        if (d.compareTo(Duration.ofDays(1)) > 0)
            throw new BadInputException("--duration: must be at most 24h, got " + durationOverride);
        if (i.compareTo(Duration.ofMillis(100)) < 0)
            throw new BadInputException(
                    "--interval: must be at least 100ms, got " + intervalOverride);
        return new TraceOptions(
                spec,
                d,
                i,
                json,
                hgrm,
                calibration == null ? null : TrapCosts.read(calibration),
                costCache,
                null);
    }

    /** What the engine is asked to do. */
    TraceSettings settings() {
        return new TraceSettings(spec, duration, interval, this::costs, following);
    }

    /**
     * The cost per firing for this plan: the given calibration file's, else this node's (cached or
     * measured now).
     */
    TrapCosts costs(ProbePlan plan) {
        TrapCosts c =
                trapCosts != null
                        ? trapCosts
                        : NodeCosts.forPlan(plan, CostCache.of(costCache), System.out);
        System.out.printf("cost per firing here: %d ns (%s)%n", c.forPlan(plan), c.source());
        return c;
    }
}
