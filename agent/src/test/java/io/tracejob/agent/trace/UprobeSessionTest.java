package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.programs.Counter;
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
 * A function's latency as one uprobe session link (kernel 6.13+; this node and CI run 6.18, so it
 * must be taken, not skipped): one link for entry and return, so a take-out is one close after
 * which the breakpoint is gone. With an entry and a return link the breakpoint stays through the
 * first close (tens of ms) and every call meanwhile runs its return without its entry.
 */
class UprobeSessionTest {
    @TempDir static Path dir;
    static Path target;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        target = Gcc.compile("longjmp_escape.c", dir, "escape", "-O1");
    }

    @Test
    void aFunctionsLatencyIsOneSessionLinkAndPairsEveryCall() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            try (TraceSession s = TargetSessions.open(plan("held"), t)) {
                assertThat(s.returnLinking()).startsWith("one uprobe session link");
                t.send("quick 100");
                t.expect("done 100");
                assertThat(Arrays.stream(s.counts()).sum()).isEqualTo(100);
                assertThat(s.firings()).as("an entry and a return run each").isEqualTo(200);
                assertThat(s.counter(Counter.END_WITHOUT_START)).isZero();
            }
        }
    }

    /** A recursive function: each nested call is measured, and nothing stays open. */
    @Test
    void everyNestedCallOfARecursiveFunctionIsMeasured() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            try (TraceSession s = TargetSessions.open(plan("nested"), t)) {
                assertThat(s.returnLinking()).startsWith("one uprobe session link");
                for (int i = 0; i < 5; i++) {
                    t.send("nest 20");
                    t.expect("done 20");
                }
                assertThat(Arrays.stream(s.counts()).sum()).isEqualTo(100);
                assertThat(s.firings()).isEqualTo(200);
                assertThat(s.inFlight(System.nanoTime()).count()).isZero();
            }
        }
    }

    /**
     * The start also goes into the starts map under the cookie's address: a call in flight is seen
     * (and the Result's in-flight figure kept), a take-out drops it, and it never pairs after the
     * put-back.
     */
    @Test
    void aCallInFlightIsSeenAndDroppedAtATakeOut() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            try (TraceSession s = TargetSessions.open(plan("held"), t)) {
                t.send("hold");
                t.expect("holding");
                assertThat(s.inFlight(System.nanoTime()).count()).isEqualTo(1);
                assertThat(s.suspend()).as("the held call, dropped").isEqualTo(1);
                s.resume();
                t.send("release");
                t.expect("released");
                t.send("quick 100");
                t.expect("done 100");
                s.detach();
                assertThat(Arrays.stream(s.counts()).sum()).isEqualTo(100);
                assertThat(s.inFlight(System.nanoTime()).count()).isZero();
            }
        }
    }

    /**
     * Calls left by longjmp are the kernel's to forget: no stack of open calls fills up, no
     * warning, and every call that returned is measured.
     */
    @Test
    void callsLeftByLongjmpLeaveNothingOpen() throws Exception {
        int escapes = 300;
        Result r = TargetSessions.escapesThenCalls(target, escapes, 1000);
        assertThat(r.getCount()).isEqualTo(1000);
        assertThat(r.getOverhead().getFirings()).isEqualTo(escapes + 2 * 1000L);
        assertThat(r.getWarnings()).noneMatch(w -> w.contains("calls of the function open"));
        assertThat(r.getWarnings()).noneMatch(w -> w.contains("not measured"));
    }

    /**
     * Take-outs and put-backs while the target calls as fast as it can: with one session link no
     * call ever meets a return without its entry; with two links (the fallback) every take-out
     * leaves thousands (the entry link closes first, and the breakpoint stays until the return link
     * is closed too).
     */
    @Test
    void aTakeOutLeavesNoReturnWithoutItsEntry() throws Exception {
        assertThat(orphansOverTakeOuts()).isZero();
        String before = TargetSessions.twoLinks();
        try {
            assertThat(orphansOverTakeOuts()).as("the two-link fallback").isPositive();
        } finally {
            TargetSessions.restoreSessionLink(before);
        }
    }

    /** Returns without their entry over three take-outs of a target calling measured() flat out. */
    private static long orphansOverTakeOuts() throws Exception {
        try (TargetProcess t = TargetProcess.start(target)) {
            t.expect("ready");
            try (TraceSession s = TargetSessions.open(plan("measured"), t)) {
                t.send("run 3000000000");
                for (int i = 0; i < 3; i++) {
                    s.suspend();
                    s.resume();
                }
                s.detach();
                return s.counter(Counter.END_WITHOUT_START);
            }
        }
    }

    private static ProbePlan plan(String function) throws Exception {
        return ProbePlanner.plan(Probes.uprobe(target, function), Path.of("/"));
    }
}
