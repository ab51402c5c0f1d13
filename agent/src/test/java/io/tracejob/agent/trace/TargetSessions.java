package io.tracejob.agent.trace;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.testsupport.TargetProcess;
import java.util.List;

/** Trace sessions on one test target, as the tracer's loop and duty cycling drive them. */
final class TargetSessions {
    private TargetSessions() {}

    /** A trace of {@code plan} in the target process alone. */
    static TraceSession open(ProbePlan plan, TargetProcess t) throws Exception {
        return TraceSession.open(
                plan,
                HdrLayout.latency(2),
                List.of(ProcessId.current(t.pid())),
                Following.PER_PROCESS);
    }
}
