package io.tracejob.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.safety.ReturnProbeVerdict.Answer;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node check on this kernel, and how it reads each way the probe process can end. */
class UretprobeSeccompTrialTest {
    static final NodeKey NODE = new NodeKey("boot", "6.18.0-test");

    /**
     * Kernel 6.18 passes the uretprobe system call through seccomp ("seccomp: passthrough uretprobe
     * systemcall without filtering", 6.14): a filtered process survives its return probes, and the
     * check must say so. On a kernel without that fix this test fails with the check's own finding
     * (a signal), which is the point.
     */
    @Test
    void onThisKernelAFilteredProcessSurvivesItsReturnProbesWithEveryReturnSeen() throws Exception {
        Kernel.requireEbpf();
        ReturnProbeVerdict v = UretprobeSeccompTrial.run(NodeKey.current());
        assertThat(v.answer()).as(v.finding()).isEqualTo(Answer.SAFE);
        assertThat(v.finding())
                .contains("survived")
                .contains("all " + ProbeElf.CALLS + " returns were observed");
        assertThat(v.kernelRelease()).isEqualTo(NodeKey.current().kernelRelease());
        assertThat(v.source()).isEqualTo(ReturnProbeVerdict.CHECKED_NOW);
    }

    /**
     * The check against a witness that uses no probe at all ({@code uretprobe_direct.c}): a direct
     * uretprobe system call under a kill-everything filter dies by SIGILL where the kernel passes
     * syscall 335 through seccomp (the call's own "not from the trampoline" check) and by SIGSYS
     * where the filter sees it. Where the kernel has no uretprobe system call at all, return probes
     * never make it and are safe.
     */
    @Test
    void theAnswerAgreesWithWhatTheKernelDoesWithADirectUretprobeSyscall(@TempDir Path dir)
            throws Exception {
        Kernel.requireEbpf();
        Path direct = Gcc.compile("uretprobe_direct.c", dir, "uretprobe_direct");
        boolean hasSyscall =
                Files.readAllLines(Path.of("/proc/kallsyms")).stream()
                        .anyMatch(l -> l.endsWith(" __x64_sys_uretprobe"));
        Process p = new ProcessBuilder(direct.toString(), "filter").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int signal = p.exitValue() - 128;
        assertThat(signal).as("exit status %d", p.exitValue()).isIn(SIGILL, SIGSYS);
        boolean passedThrough = signal == SIGILL;
        Answer expected = !hasSyscall || passedThrough ? Answer.SAFE : Answer.UNSAFE;
        ReturnProbeVerdict v = UretprobeSeccompTrial.run(NodeKey.current());
        assertThat(v.answer())
                .as(
                        "uretprobe syscall present: %s, direct call under a filter killed by signal %d; check: %s",
                        hasSyscall, signal, v.finding())
                .isEqualTo(expected);
    }

    static final int SIGILL = 4, SIGSYS = 31;

    /**
     * The agent image has no compiler, so the probe process is written to disk: a noexec tmpdir
     * must be named.
     */
    @Test
    void aNoexecTmpdirIsNamedWithTheWayOut(@TempDir Path dir) throws Exception {
        Kernel.requireEbpf();
        Path noexec = Files.createDirectory(dir.resolve("noexec"));
        Process mount =
                new ProcessBuilder(
                                "mount",
                                "-t",
                                "tmpfs",
                                "-o",
                                "noexec,size=1m",
                                "tmpfs",
                                noexec.toString())
                        .inheritIO()
                        .start();
        assertThat(mount.waitFor()).as("mount a noexec tmpfs").isZero();
        try {
            ReturnProbeVerdict v = UretprobeSeccompTrial.run(NodeKey.current(), noexec);
            assertThat(v.answer()).isEqualTo(Answer.UNKNOWN);
            assertThat(v.finding())
                    .contains("could not execute the probe process " + noexec)
                    .contains("if " + noexec + " is on a noexec filesystem")
                    .contains("java.io.tmpdir");
        } finally {
            assertThat(
                            new ProcessBuilder("umount", noexec.toString())
                                    .inheritIO()
                                    .start()
                                    .waitFor())
                    .isZero();
        }
    }

    @Test
    void survivalWithEveryReturnSeenIsSafe() {
        assertThat(UretprobeSeccompTrial.judge(0, ProbeElf.CALLS, NODE).answer())
                .isEqualTo(Answer.SAFE);
    }

    @Test
    void deathBySignalIsUnsafeAndNamesTheSignal() {
        ReturnProbeVerdict sigsys = UretprobeSeccompTrial.judge(128 + 31, 0, NODE);
        assertThat(sigsys.answer()).isEqualTo(Answer.UNSAFE);
        assertThat(sigsys.finding())
                .contains("killed by SIGSYS")
                .contains("0 of " + ProbeElf.CALLS);
        assertThat(UretprobeSeccompTrial.judge(128 + 11, 1, NODE).finding())
                .contains("killed by SIGSEGV");
    }

    @Test
    void survivalWithoutEveryReturnOrWithAWrongResultIsUnsafe() {
        assertThat(UretprobeSeccompTrial.judge(0, ProbeElf.CALLS - 1, NODE).answer())
                .isEqualTo(Answer.UNSAFE);
        ReturnProbeVerdict wrong =
                UretprobeSeccompTrial.judge(ProbeElf.EXIT_WRONG_RESULT, ProbeElf.CALLS, NODE);
        assertThat(wrong.answer()).isEqualTo(Answer.UNSAFE);
        assertThat(wrong.finding()).contains("wrong value");
    }

    @Test
    void aProbeThatFailedBeforeItsCallsAnswersNothing() {
        ReturnProbeVerdict v = UretprobeSeccompTrial.judge(ProbeElf.EXIT_SECCOMP, 0, NODE);
        assertThat(v.answer()).isEqualTo(Answer.UNKNOWN);
        assertThat(v.finding()).contains("seccomp(SECCOMP_SET_MODE_FILTER) failed");
    }
}
