package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import java.nio.file.Path;
import java.time.Duration;

/** A validated spec plus the command line's overrides. Nothing reaches the engine without passing here. */
record TraceOptions(TraceJobSpec spec, Duration duration, Duration interval, Path json, Path hgrm) {

    static TraceOptions from(TraceJobSpec spec, String durationOverride, String intervalOverride, Path json, Path hgrm) throws Exception {
        if (spec == null) throw new BadInputException("spec: the manifest has no spec");
        SpecValidator.check(spec);
        Duration d = durationOverride != null ? KubeDuration.parse("--duration", durationOverride) : KubeDuration.parse("spec.duration", spec.getDuration());
        Duration i = intervalOverride != null ? KubeDuration.parse("--interval", intervalOverride) : KubeDuration.parse("spec.interval", spec.getInterval());
        if (d.compareTo(Duration.ofSeconds(1)) < 0) throw new BadInputException("--duration: must be at least 1s, got " + durationOverride);
        if (d.compareTo(Duration.ofDays(1)) > 0) throw new BadInputException("--duration: must be at most 24h, got " + durationOverride);
        if (i.compareTo(Duration.ofMillis(100)) < 0) throw new BadInputException("--interval: must be at least 100ms, got " + intervalOverride);
        return new TraceOptions(spec, d, i, json, hgrm);
    }
}
