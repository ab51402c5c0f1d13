package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user error of {@code run}: a non-zero exit, one line naming the field, and no BPF program,
 * map or perf event left behind in the agent.
 */
class RunErrorsTest {
    @TempDir static Path dir;
    static Path busy, stripped, usdt;
    static TargetProcess target;

    @BeforeAll
    static void setUp() throws Exception {
        Kernel.requireEbpf();
        busy = Gcc.compile("trace_busy.c", dir, "busy");
        usdt = Gcc.compile("trace_usdt.c", dir, "usdt");
        stripped = Gcc.compile("trace_busy.c", dir, "busy-stripped", "-s");
        target = TargetProcess.start(busy, dir.resolve("out.txt").toString());
        target.expect("ready");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (target != null) target.close();
    }

    record Outcome(int exit, String err) {}

    static Outcome run(String probeYaml, String... extra) throws IOException {
        Path manifest = Files.createTempFile(dir, "job", ".yaml");
        Files.writeString(
                manifest,
                """
                apiVersion: tracing.tracejob.io/v1alpha1
                kind: TraceJob
                metadata:
                  name: t
                spec:
                  target:
                    podName: p
                  duration: 2s
                  probe:
                """
                        + probeYaml.indent(4));
        List<String> args = new ArrayList<>(List.of("run", "-f", manifest.toString()));
        if (extra.length == 0) args.addAll(List.of("--pid", Integer.toString(target.pid())));
        else args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        var cl = AgentMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        long before = bpfFds();
        int exit = cl.execute(args.toArray(String[]::new));
        assertThat(bpfFds()).as("BPF/perf fds left open").isEqualTo(before);
        return new Outcome(exit, err.toString());
    }

    /** BPF programs, maps and perf events this JVM holds. */
    static long bpfFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(
                            fd -> {
                                try {
                                    String t = Files.readSymbolicLink(fd).toString();
                                    return t.contains("bpf") || t.contains("perf_event");
                                } catch (IOException e) {
                                    return false;
                                }
                            })
                    .count();
        }
    }

    @Test
    void missingSymbolListsTheClosestNames() throws Exception {
        Outcome o = run("family: Uprobe\nbinary: " + busy + "\nfunction: wrok\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.function").contains("work");
    }

    @Test
    void notAnElfFile() throws Exception {
        Path text = dir.resolve("script.sh");
        Files.writeString(text, "#!/bin/sh\necho hi\n");
        Outcome o = run("family: Uprobe\nbinary: " + text + "\nfunction: main\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).containsIgnoringCase("not an ELF");
    }

    @Test
    void strippedBinarySuggestsUsdtOrOffset() throws Exception {
        Outcome o = run("family: Uprobe\nbinary: " + stripped + "\nfunction: work\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.function").containsIgnoringCase("stripped");
    }

    @Test
    void unknownUsdtProbeListsThePresentOnes() throws Exception {
        Outcome o =
                run(
                        "family: Usdt\nbinary: "
                                + usdt
                                + "\nusdt:\n  provider: tj\n  start: req__begin\n  end: req__done\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.usdt.start").contains("tj:req__start");
    }

    @Test
    void unknownTracepoint() throws Exception {
        Outcome o =
                run(
                        "family: Tracepoint\ntracepoint:\n  start: syscalls:sys_enter_nosuchcall\n  end: syscalls:sys_exit_nosuchcall\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.tracepoint.start");
    }

    @Test
    void noSuchProcess() throws Exception {
        Outcome o =
                run("family: Uprobe\nbinary: " + busy + "\nfunction: work\n", "--pid", "2147483");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--pid").contains("no such process");
    }

    @Test
    void kprobesAreRefusedWithTheReasonAndTheNextRung() throws Exception {
        Outcome o = run("family: Kprobe\nfunction: do_sys_openat2\n");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).contains("spec.probe.family").contains("Tracepoint");
    }

    @Test
    void kfuncIsRefusedWithTheNodesActualReason() throws Exception {
        Outcome o = run("family: Kfunc\nfunction: vfs_read\n");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err())
                .contains("spec.probe.family")
                .contains("Kfunc")
                .contains("EPERM")
                .contains("Tracepoint");
    }

    @Test
    void invalidSpecValueNamesTheFieldBeforeAnythingRuns() throws Exception {
        Outcome o = run("family: Uprobe\nbinary: " + busy + "\nfunction: \"work; rm -rf /\"\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.function");
    }

    @Test
    void relativeBinaryPathIsRejected() throws Exception {
        Outcome o = run("family: Uprobe\nbinary: ../../bin/busy\nfunction: work\n");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("spec.probe.binary");
    }

    @Test
    void bothPidAndCommandIsRejected() throws Exception {
        Outcome o =
                run(
                        "family: Uprobe\nbinary: " + busy + "\nfunction: work\n",
                        "--pid",
                        "1",
                        "--",
                        "/bin/true");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--pid");
    }
}
