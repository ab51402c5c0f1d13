package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.programs.Counter;
import io.tracejob.agent.programs.ThreadStack;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.Result;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls whose return probe never runs (a function left by longjmp, as PostgreSQL's elog(ERROR)
 * leaves many) stay open in the thread's stack of calls. At {@link ThreadStack#MAX_DEPTH} of them,
 * an entry used to go unmeasured, its return then popped a level it had never pushed, and the
 * warning named the wrong limit ("more than 16384 calls were in flight"). Now the stack is dropped
 * at the limit, counted and named, and no call that returned is lost.
 *
 * <p>These are the two-link path's (an entry and a return link: kernels before 6.13, or {@value
 * LoadedPrograms#SESSION_PROPERTY}=off), so they turn the session link off; {@link
 * UprobeSessionTest} has the session link's.
 */
class MissedReturnsTest {
    @TempDir static Path dir;
    static Path target;
    private static String sessionBefore;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        target = Gcc.compile("longjmp_escape.c", dir, "escape", "-O1");
        sessionBefore = TargetSessions.twoLinks();
    }

    @org.junit.jupiter.api.AfterAll
    static void sessionBack() {
        TargetSessions.restoreSessionLink(sessionBefore);
    }

    @Test
    void callsAfterMoreThanTheStacksLimitOfMissedReturnsAreStillMeasured() throws Exception {
        int escapes = ThreadStack.MAX_DEPTH + 45;
        Result r = TargetSessions.escapesThenCalls(target, escapes, 1000);
        assertThat(r.getCount()).as("every call that returned is measured").isEqualTo(1000);
        // every call fired its entry; only the 1,000 that returned fired their return
        assertThat(r.getOverhead().getFirings()).isEqualTo(escapes + 2 * 1000L);
        assertThat(r.getWarnings())
                .anySatisfy(
                        w ->
                                assertThat(w)
                                        .startsWith(
                                                "1 time(s): a thread had "
                                                        + ThreadStack.MAX_DEPTH
                                                        + " calls of the function open"));
        assertThat(r.getWarnings()).noneMatch(w -> w.contains("were not measured"));
    }

    /**
     * A duty-cycle take-out while a call is in flight: the call is dropped and counted, and after
     * the put-back it neither pairs with a later call nor lingers as in flight.
     */
    @Test
    void aCallInFlightAtTheTakeOutIsDroppedAndNeverPairsWithALaterOne() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            try (TraceSession s = TargetSessions.open(heldPlan(), t)) {
                t.send("hold");
                t.expect("holding");
                assertThat(s.inFlight(System.nanoTime()).count()).isEqualTo(1);

                assertThat(s.suspend()).as("the held call, dropped").isEqualTo(1);
                assertThat(s.probing()).isFalse();
                assertThat(s.inFlight(System.nanoTime()).count()).isZero();
                s.resume();

                // the held call returns after the put-back: its start is gone, so it cannot be
                // recorded (it would be the longest value by far)
                t.send("release");
                t.expect("released");
                t.send("quick 100");
                t.expect("done 100");
                s.detach();
                assertThat(Arrays.stream(s.counts()).sum())
                        .as("the calls made after the put-back, and only they")
                        .isEqualTo(100);
                assertThat(s.inFlight(System.nanoTime()).count()).isZero();
            }
        }
    }

    /**
     * A return probe fires only for a call whose entry breakpoint the thread hit: a return met
     * without its entry program (while only the return link is in, at a put-back and during a
     * take-out) cost two traps, and is charged as two firings.
     */
    @Test
    void aReturnWithoutItsEntryProgramIsChargedForTheEntryTrapToo() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            ProbePlan plan = heldPlan();
            ProbePlan returnsOnly =
                    plan.withSites(
                            plan.sites().stream().filter(x -> x.role() == Role.END).toList());
            try (TraceSession s = TargetSessions.open(returnsOnly, t)) {
                t.send("quick 100");
                t.expect("done 100");
                assertThat(s.counter(Counter.END_WITHOUT_START)).isEqualTo(100);
                assertThat(s.firings()).as("two traps per call").isEqualTo(200);
                assertThat(Arrays.stream(s.counts()).sum()).isZero();
            }
        }
    }

    /** Entry and return probes on the target's held(). */
    private static ProbePlan heldPlan() throws Exception {
        return ProbePlanner.plan(Probes.uprobe(target, "held"), Path.of("/"));
    }
}
