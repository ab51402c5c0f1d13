package io.tracejob.agent.engine;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.TraceJobSpec;
import java.time.Duration;
import java.util.function.Function;

/**
 * What a trace is asked to do, validated by the command that built it: the spec and the command
 * line's overrides.
 *
 * @param costs this node's cost per firing for a native plan (measured, cached or from a
 *     calibration file)
 * @param following how uprobes reach the target's processes, or null for the native engine's choice
 */
public record TraceSettings(
        TraceJobSpec spec,
        Duration duration,
        Duration interval,
        Function<ProbePlan, TrapCosts> costs,
        Following following) {}
