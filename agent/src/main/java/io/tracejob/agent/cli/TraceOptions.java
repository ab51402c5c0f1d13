package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.TrapCosts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated spec plus the command line's overrides. Nothing reaches the engine without passing here.
 *
 * @param following how uprobes reach the target's processes, or null for the agent's choice
 */
record TraceOptions(TraceJobSpec spec, Duration duration, Duration interval, Path json, Path hgrm, TrapCosts trapCosts, Following following) {

    TraceOptions withFollowing(Following f) {
        return new TraceOptions(spec, duration, interval, json, hgrm, trapCosts, f);
    }

    static TraceOptions from(TraceJobSpec spec, String durationOverride, String intervalOverride, Path json, Path hgrm) throws Exception {
        return from(spec, durationOverride, intervalOverride, json, hgrm, null);
    }

    /** @param calibration a file from {@code calibrate}, or null for the documented default trap costs */
    static TraceOptions from(TraceJobSpec spec, String durationOverride, String intervalOverride, Path json, Path hgrm,
            Path calibration) throws Exception {
        if (spec == null) throw new BadInputException("spec: the manifest has no spec");
        SpecValidator.check(spec);
        Duration d = durationOverride != null ? KubeDuration.parse("--duration", durationOverride) : KubeDuration.parse("spec.duration", spec.getDuration());
        Duration i = intervalOverride != null ? KubeDuration.parse("--interval", intervalOverride) : KubeDuration.parse("spec.interval", spec.getInterval());
        if (d.compareTo(Duration.ofSeconds(1)) < 0) throw new BadInputException("--duration: must be at least 1s, got " + durationOverride);
        if (d.compareTo(Duration.ofDays(1)) > 0) throw new BadInputException("--duration: must be at most 24h, got " + durationOverride);
        if (i.compareTo(Duration.ofMillis(100)) < 0) throw new BadInputException("--interval: must be at least 100ms, got " + intervalOverride);
        return new TraceOptions(spec, d, i, json, hgrm, calibration == null ? TrapCosts.defaults() : TrapCosts.read(calibration), null);
    }
}
