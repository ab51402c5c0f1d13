package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following the target's process tree in the kernel: children and grandchildren traced from their
 * first call however short they live, a root that daemonizes, a pre-fork server with a 5-byte-nop
 * handler, and what another process of the same binary pays (and is told) in each {@link Following}
 * mode. Every count is the target's own.
 */
class ProcessFollowingTest {
    @TempDir static Path dir;
    static Path tree;
    static Path prefork;

    @BeforeAll
    static void compile() throws Exception {
        Kernel.requireEbpf();
        tree =
                Gcc.compile(
                        "follow_tree.c",
                        dir,
                        "tree",
                        "-no-pie",
                        "-fcf-protection=none"); // work() starts at its symbol
        prefork = Gcc.compile("prefork_nop5.c", dir, "prefork", "-no-pie");
    }

    @Test
    void shortLivedChildrenAndGrandchildrenAreTracedFromTheirFirstCall() throws Exception {
        try (TargetProcess t = TargetProcess.start(tree);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(tree, "work"),
                                pidOf(t),
                                Duration.ofMinutes(5),
                                null)) {
            h.awaitAttached();
            long expected = 0;
            for (int i = 0; i < 20; i++) {
                t.send("tree 50");
                expected += Long.parseLong(t.expect("done").split(" ")[1]);
            }
            Result r = h.stopAndGet();
            assertThat(r.getOverhead().getFollowing()).as(h.output()).isEqualTo("BinaryWide");
            assertThat(r.getCount())
                    .as("calls of 20 children and 20 grandchildren; output:%n%s", h.output())
                    .isEqualTo(expected)
                    .isEqualTo(2000);
            assertThat(r.getProcessesTraced()).isEqualTo(41);
            assertThat(r.getWarnings()).noneMatch(w -> w.contains("no recorded start"));
        }
    }

    @Test
    void aRootThatDaemonizesKeepsTheTraceGoingUntilItsChildEnds() throws Exception {
        Path done = dir.resolve("daemon-done.txt");
        try (TargetProcess t = TargetProcess.start(tree);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(tree, "work"),
                                pidOf(t),
                                Duration.ofMinutes(5),
                                null)) {
            h.awaitAttached();
            t.send("daemon 3000 " + done);
            Result r = h.get(); // ends by itself once the daemon exits
            assertThat(r.getStopReason()).as(h.output()).isEqualTo(StopReason.TargetExited);
            assertThat(Files.readString(done).trim()).isEqualTo("3000");
            assertThat(r.getCount()).isEqualTo(3000);
            assertThat(r.getProcessesTraced()).isEqualTo(2);
        }
    }

    @Test
    void aPreForkServerWithANop5HandlerLosesNoWorkerAndNoCall() throws Exception {
        try (TargetProcess t = TargetProcess.start(prefork);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(prefork, "handle"),
                                pidOf(t),
                                Duration.ofMinutes(5),
                                null)) {
            h.awaitAttached();
            t.send("serve 3");
            Matcher m =
                    Pattern.compile("done calls=(\\d+) workers=(\\d+) harmed=(\\d+)")
                            .matcher(t.expect("done", 120));
            assertThat(m.matches()).isTrue();
            long calls = Long.parseLong(m.group(1));
            Result r = h.stopAndGet();
            assertThat(Long.parseLong(m.group(3))).as("workers killed or failed").isZero();
            assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(10);
            // every call was made while the probes were installed: all of them are counted
            assertThat(r.getCount())
                    .as("output:%n%s", h.output())
                    .isGreaterThanOrEqualTo((long) Math.ceil(calls * 0.99))
                    .isLessThanOrEqualTo(calls);
            assertThat(r.getCount()).isEqualTo(calls);
        }
    }

    @Test
    void anotherProcessOfTheBinaryIsCountedAndReportedWhenProbesAreBinaryWide() throws Exception {
        try (TargetProcess t = TargetProcess.start(tree);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(tree, "work"),
                                pidOf(t),
                                Duration.ofMinutes(5),
                                null)) {
            h.awaitAttached();
            try (TargetProcess other = TargetProcess.start(tree)) {
                other.expect("ready");
                other.send("run 1000");
                other.expect("done");
            }
            t.send("run 300");
            t.expect("done");
            Result r = h.stopAndGet();
            assertThat(r.getOverhead().getFollowing()).isEqualTo("BinaryWide");
            assertThat(r.getCount()).isEqualTo(300);
            assertThat(r.getOverhead().getFirings()).isEqualTo(600);
            // one session link: the entry's program sees another process and returns 1, so the
            // kernel does not hook that call's return (two links trapped both: 2,000)
            assertThat(r.getOverhead().getOtherProcessFirings())
                    .as("the entry of each of the other's calls, its return not hooked")
                    .isEqualTo(1000);
            assertThat(r.getOverhead().getOtherProcessesCpuPercent()).isPositive();
            assertThat(r.getWarnings())
                    .anyMatch(
                            w -> w.startsWith("other processes mapping this binary: 1000 firings"));
        }
    }

    @Test
    void anotherProcessAlreadyMappingTheBinaryMakesTheDefaultPerProcessAndStaysUntouched()
            throws Exception {
        try (TargetProcess other = TargetProcess.start(tree);
                TargetProcess t = TargetProcess.start(tree)) {
            other.expect("ready");
            try (TracerHarness h =
                    TracerHarness.start(
                            Probes.uprobe(tree, "work"), pidOf(t), Duration.ofMinutes(5), null)) {
                h.awaitAttached();
                assertThat(Memory.breakpointIn(t.pid(), tree, "work")).isTrue();
                assertThat(Memory.breakpointIn(other.pid(), tree, "work")).isFalse();
                other.send("run 1000");
                other.expect("done");
                t.send("tree 40");
                t.expect("done");
                Result r = h.stopAndGet();
                assertThat(r.getOverhead().getFollowing()).isEqualTo("PerProcess");
                assertThat(r.getOverhead().getOtherProcessFirings()).isZero();
                assertThat(r.getWarnings())
                        .anyMatch(
                                w ->
                                        w.contains(
                                                "other process(es) map the binary (pid "
                                                        + other.pid()));
            }
        }
    }

    @Test
    void nestedCallsOfOneFunctionOnOneThreadAreEachMeasured() throws Exception {
        try (TargetProcess t = TargetProcess.start(tree);
                TracerHarness h =
                        TracerHarness.start(
                                Probes.uprobe(tree, "work_nested"),
                                pidOf(t),
                                Duration.ofMinutes(5),
                                null)) {
            h.awaitAttached();
            t.send("nested 10");
            t.expect("done 10");
            Result r = h.stopAndGet();
            assertThat(r.getCount()).as(h.output()).isEqualTo(10);
            assertThat(r.getWarnings()).noneMatch(w -> w.contains("no recorded start"));
        }
    }

    /**
     * The edges of a trace: the target counts the calls it made while the kernel's breakpoint was
     * in its code (an int3 at work() before and after the call); the Result counts the same calls
     * within 0.5 %. End probes go in before and come out after start probes, so no measured call
     * loses its end.
     */
    @Test
    void anEightSecondTraceCountsTheCallsMadeWhileTheProbesWereIn() throws Exception {
        try (TargetProcess t = TargetProcess.start(tree)) {
            pidOf(t);
            t.send("probed 14");
            t.expect("running");
            Result r;
            try (TracerHarness h =
                    TracerHarness.start(
                            Probes.uprobe(tree, "work"), t.pid(), Duration.ofSeconds(8), null)) {
                h.awaitAttached();
                r = h.get();
            }
            Matcher m =
                    Pattern.compile("done total=(\\d+) probed=(\\d+)")
                            .matcher(t.expect("done", 60));
            assertThat(m.matches()).isTrue();
            long probed = Long.parseLong(m.group(2));
            assertThat(r.getStopReason()).isEqualTo(StopReason.Completed);
            assertThat(probed).as("calls made while probed").isGreaterThan(10_000);
            assertThat((double) Math.abs(r.getCount() - probed))
                    .as(
                            "Result %d vs the target's %d (warnings %s)",
                            r.getCount(), probed, r.getWarnings())
                    .isLessThanOrEqualTo(probed * 0.005);
            System.out.printf(
                    "edges: %d calls made while probed, %d counted (%.3f %%), warnings %s%n",
                    probed,
                    r.getCount(),
                    100.0 * (r.getCount() - probed) / probed,
                    r.getWarnings());
        }
    }

    private static int pidOf(TargetProcess t) throws InterruptedException {
        t.expect("ready");
        return t.pid();
    }
}
