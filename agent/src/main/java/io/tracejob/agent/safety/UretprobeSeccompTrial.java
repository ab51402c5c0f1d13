package io.tracejob.agent.safety;

import io.tracejob.agent.elf.AttachClass;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.safety.ReturnProbeVerdict.Answer;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.TraceSession;
import io.tracejob.api.v1alpha1.Measure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Answers "does a return probe kill a seccomp-filtered process on this node?" by trying it. Since
 * kernel 6.11 an x86-64 uretprobe returns through a trampoline that makes the uretprobe system call
 * (335); kernels without "seccomp: passthrough uretprobe systemcall without filtering" (6.14, some
 * stable backports) let a seccomp filter see that call, and a filter that does not allow it — a
 * container runtime's default profile — kills the process when a traced function returns. The
 * kernel version cannot say which kernels carry the fix (backports), so the check runs {@link
 * ProbeElf}, which puts itself under an allow-list filter without syscall 335, opens a {@link
 * TraceSession} on it with a Latency plan on its function — the engine's own maps, programs and
 * attach path, so the check needs exactly the privileges a trace needs and follows the engine if
 * its attach path changes — lets it call the function and asks: did it survive, with every return
 * observed?
 */
final class UretprobeSeccompTrial {
    private static final long STEP_SECONDS = 10;
    private static final Set<Integer> UNDER_TRIAL = ConcurrentHashMap.newKeySet();
    private static final Map<Integer, String> SIGNALS =
            Map.of(
                    4, "SIGILL", 5, "SIGTRAP", 6, "SIGABRT", 7, "SIGBUS", 9, "SIGKILL", 11,
                    "SIGSEGV", 31, "SIGSYS");

    private UretprobeSeccompTrial() {}

    static ReturnProbeVerdict run(NodeKey node) {
        return run(node, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param tmp where the probe process is written and run from (it must allow execution)
     */
    static ReturnProbeVerdict run(NodeKey node, Path tmp) {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN,
                    "not checked: the check's probe process is x86-64 code and this JVM runs on "
                            + arch,
                    node);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(tmp, "tracejob-uretprobe-seccomp-");
        } catch (IOException | RuntimeException e) {
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN,
                    "not checked: cannot create a directory for the probe process in java.io.tmpdir ("
                            + tmp
                            + "): "
                            + e.getMessage(),
                    node);
        }
        try {
            Path bin = dir.resolve("uretprobe-seccomp-probe");
            Files.write(bin, ProbeElf.image());
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
            Process p;
            try {
                p =
                        new ProcessBuilder(bin.toString())
                                .redirectError(ProcessBuilder.Redirect.DISCARD)
                                .start();
            } catch (IOException e) {
                return ReturnProbeVerdict.of(
                        Answer.UNKNOWN,
                        "not checked: could not execute the probe process "
                                + bin
                                + " ("
                                + e.getMessage()
                                + "); if "
                                + tmp
                                + " is on a noexec filesystem, point java.io.tmpdir (JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR) at one that allows execution",
                        node);
            }
            try {
                return trace(p, bin, node);
            } finally {
                p.destroyForcibly();
                p.waitFor(STEP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            return ReturnProbeVerdict.of(Answer.UNKNOWN, "not checked: " + e.getMessage(), node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReturnProbeVerdict.of(Answer.UNKNOWN, "not checked: interrupted", node);
        } finally {
            deleteTree(dir);
        }
    }

    private static ReturnProbeVerdict trace(Process p, Path bin, NodeKey node)
            throws IOException, InterruptedException {
        int pid = (int) p.pid();
        int ready = readByte(p.getInputStream());
        if (ready != 'R') {
            String how =
                    p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)
                            ? exitDescription(p.exitValue())
                            : "it did not say it was ready within " + STEP_SECONDS + " s";
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN,
                    "not checked: the probe process could not put itself under a seccomp filter: "
                            + how,
                    node);
        }
        SeccompMode mode = SeccompMode.of(pid);
        if (mode != SeccompMode.FILTER) {
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN,
                    "not checked: the probe process said it installed a filter but /proc/"
                            + pid
                            + "/status shows "
                            + mode.statusLine(),
                    node);
        }
        ProcessId id = ProcessId.current(pid);
        if (id == null)
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN, "not checked: the probe process " + pid + " is gone", node);
        UNDER_TRIAL.add(pid);
        try (TraceSession session =
                TraceSession.open(
                        plan(bin), HdrLayout.latency(1), List.of(id), Following.PER_PROCESS)) {
            OutputStream go = p.getOutputStream();
            go.write('g');
            go.flush();
            if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
                return ReturnProbeVerdict.of(
                        Answer.UNKNOWN,
                        "not checked: the probe process did not finish its "
                                + ProbeElf.CALLS
                                + " calls within "
                                + STEP_SECONDS
                                + " s",
                        node);
            }
            long returns = 0;
            for (long c : session.counts()) returns += c;
            return judge(p.exitValue(), returns, node);
        } finally {
            UNDER_TRIAL.remove(pid);
        }
    }

    /**
     * A Latency plan on probed(): an entry and a return uprobe at its first instruction, as the
     * planner makes one.
     */
    private static ProbePlan plan(Path bin) {
        long offset = ProbeElf.probedFileOffset();
        return new ProbePlan(
                Measure.Latency,
                List.of(
                        new Site.Uprobe(Role.START, bin, offset, false, 0),
                        new Site.Uprobe(Role.END, bin, offset, true, 0)),
                KeySource.thread(),
                KeySource.thread(),
                AttachClass.INT3_EMULATED.name(),
                "the node check's probed() in " + bin,
                null,
                List.of());
    }

    /**
     * True for the check's own probe process while the check runs: the one filtered process meant
     * to get return probes.
     */
    static boolean isTrialProcess(int pid) {
        return UNDER_TRIAL.contains(pid);
    }

    static ReturnProbeVerdict judge(int exit, long returns, NodeKey node) {
        String setting =
                "a process under a seccomp allow-list filter that does not allow the uretprobe system call (335), with entry + return uprobes on its function,";
        if (exit == 0 && returns == ProbeElf.CALLS) {
            return ReturnProbeVerdict.of(
                    Answer.SAFE,
                    setting
                            + " made "
                            + ProbeElf.CALLS
                            + " calls, survived, and all "
                            + returns
                            + " returns were observed",
                    node);
        }
        if (exit > 128) {
            return ReturnProbeVerdict.of(
                    Answer.UNSAFE,
                    setting
                            + " was killed by "
                            + SIGNALS.getOrDefault(exit - 128, "signal " + (exit - 128))
                            + " ("
                            + returns
                            + " of "
                            + ProbeElf.CALLS
                            + " returns observed): this kernel lets seccomp filter the uretprobe system call",
                    node);
        }
        if (exit == 0 || exit == ProbeElf.EXIT_WRONG_RESULT) {
            return ReturnProbeVerdict.of(
                    Answer.UNSAFE,
                    setting
                            + " survived, but "
                            + (exit == 0 ? "only " : ProbeElf.meaning(exit) + "; ")
                            + returns
                            + " of "
                            + ProbeElf.CALLS
                            + " returns were observed",
                    node);
        }
        return ReturnProbeVerdict.of(
                Answer.UNKNOWN,
                "not checked: the probe process failed before its calls: " + exitDescription(exit),
                node);
    }

    private static String exitDescription(int exit) {
        return exit > 128
                ? "killed by " + SIGNALS.getOrDefault(exit - 128, "signal " + (exit - 128))
                : ProbeElf.meaning(exit);
    }

    /** The probe's one-byte answer, or -1 when it closed stdout or said nothing in time. */
    private static int readByte(InputStream in) throws InterruptedException {
        CompletableFuture<Integer> b =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return in.read();
                            } catch (IOException e) {
                                return -1;
                            }
                        });
        try {
            return b.get(STEP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1; // the caller kills the process, which ends the read
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
