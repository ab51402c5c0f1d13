package io.tracejob.agent.trace;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.api.v1alpha1.OnExceed;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Everything one trace needs, validated.
 *
 * @param onAttached run once every probe is attached (e.g. to let a command held before exec go on)
 */
public record TraceRequest(
        ProbePlan plan,
        ProcessId root,
        Duration duration,
        Duration interval,
        int significantDigits,
        double maxCpuPercent,
        OnExceed onExceed,
        PrintStream out,
        StopSignal stop,
        Runnable onAttached) {}
