package io.tracejob.agent.trace;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Traces of one test target (longjmp_escape.c), as the tracer's loop and duty cycling drive them.
 */
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

    /**
     * A whole trace of the target's measured(): {@code escapes} calls that leave it by longjmp,
     * then {@code calls} that return.
     */
    static Result escapesThenCalls(Path target, int escapes, int calls) throws Exception {
        try (TargetProcess t = TargetProcess.start(target);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(target, "measured"),
                                t.pid(),
                                Duration.ofMinutes(5))) {
            t.expect("ready");
            h.awaitAttached();
            t.send("escape " + escapes);
            t.expect("done " + escapes);
            t.send("run " + calls);
            t.expect("done " + calls);
            return h.stopAndGet();
        }
    }

    /**
     * Turns the session link off (the two-link path) for the traces opened from now on; returns the
     * property's value before, for {@link #restoreSessionLink}.
     */
    static String twoLinks() {
        String before = System.getProperty(LoadedPrograms.SESSION_PROPERTY);
        System.setProperty(LoadedPrograms.SESSION_PROPERTY, "off");
        return before;
    }

    static void restoreSessionLink(String before) {
        if (before == null) System.clearProperty(LoadedPrograms.SESSION_PROPERTY);
        else System.setProperty(LoadedPrograms.SESSION_PROPERTY, before);
    }
}
