package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Program text is made only of re-checked tokens and integers; anything else is refused, not
 * escaped.
 */
class BpftraceProgramTest {
    static final HdrLayout LAYOUT = HdrLayout.latency(2);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "vfs\"read",
                "vfs_read\"",
                "vfs{read",
                "vfs_read}",
                "a;b",
                "vfs_read;system(\"id\")",
                "vfs\nread",
                "vfs_read\n",
                "vfs read",
                " vfs_read",
                "..",
                "a..b",
                "a..b/c",
                "../x",
                "a/b",
                "$x",
                "@h",
                "vfs_*",
                "*",
                "main.(*Book).Match",
                "a,b",
                "a%b",
                "a[0]",
                "a-b",
                "1abc",
                "",
                "é",
                "a\u0000b",
                "a\tb",
                "a\\b",
                "a'b",
                "a`id`",
                "a#b",
                "a:b",
                "a//b",
                "a/*x*/"
            })
    void hostileFunctionNamesAreRefusedNamingTheField(String fn) {
        for (ProbeFamily f : List.of(ProbeFamily.Kprobe, ProbeFamily.Kfunc, ProbeFamily.Uprobe)) {
            assertThatThrownBy(
                            () -> BpftraceProgram.render(f, "/usr/bin/true", fn, 42, LAYOUT, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("spec.probe.function: ")
                    .hasMessageNotContaining("\n");
        }
    }

    /**
     * Random strings over an alphabet rich in bpftrace and shell syntax: whatever is accepted is a
     * plain token, verbatim.
     */
    @Test
    void randomTokensAreEitherRefusedOrEnterTheProgramVerbatimAndPlain() {
        java.util.Random rnd = new java.util.Random(20261125);
        String alphabet = "aZ_09./\\\"'{}();:$@#*?[]<>|&!~`%,+- \t\n\r\u0000é";
        int accepted = 0;
        for (int n = 0; n < 5000; n++) {
            StringBuilder fn = new StringBuilder(), path = new StringBuilder("/");
            for (int i = rnd.nextInt(12); i >= 0; i--)
                fn.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            for (int i = rnd.nextInt(12); i >= 0; i--)
                path.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            try {
                String t =
                        BpftraceProgram.render(
                                        ProbeFamily.Uprobe,
                                        path.toString(),
                                        fn.toString(),
                                        9,
                                        LAYOUT,
                                        null)
                                .text();
                accepted++;
                assertThat(fn.toString()).matches("[A-Za-z_][A-Za-z0-9_.]*").doesNotContain("..");
                assertThat(path.toString())
                        .matches("(/[A-Za-z0-9_.+-]+)+")
                        .doesNotContain("/../")
                        .doesNotEndWith("/..");
                assertThat(t).startsWith("uprobe:\"" + path + "\":" + fn + " /pid == 9/ {\n");
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).startsWith("spec.probe.").doesNotContain("\n");
            }
        }
        assertThat(accepted).as("some random tokens are plain and accepted").isPositive();
    }

    @Test
    void overlongFunctionNameIsRefused() {
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Kprobe,
                                        null,
                                        "a".repeat(257),
                                        null,
                                        LAYOUT,
                                        null))
                .hasMessageContaining("at most 256");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/usr/bin/a\"b",
                "/usr/bin/a\":system",
                "/usr/{bin}/x",
                "/usr/bin/a;b",
                "/usr/bin/a\nb",
                "/usr/bin/a b",
                "/usr/../bin/x",
                "/usr/./bin/x",
                "/..",
                "/.",
                "usr/bin/x",
                "./x",
                "",
                "/",
                "//x",
                "/usr/bin/",
                "/usr/bin/x\u0000",
                "/usr/bin/$x",
                "/usr/bin/`id`",
                "/usr/bin/x'",
                "/usr/bin/*",
                "/usr/bin/x:y",
                "/usr/bin/x\\y",
                "/proc/self/../root/bin/x"
            })
    void hostileBinaryPathsAreRefusedNamingTheField(String path) {
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Uprobe, path, "work", 42, LAYOUT, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spec.probe.binary: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void numbersOutsideTheirRangeAreRefused() {
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Kprobe, null, "vfs_read", 0, LAYOUT, null))
                .hasMessageStartingWith("pid: ");
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Kprobe, null, "vfs_read", -5, LAYOUT, null))
                .hasMessageStartingWith("pid: ");
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Uprobe, "/bin/x", "work", null, LAYOUT, null))
                .hasMessageStartingWith("pid: ");
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Kprobe,
                                        null,
                                        "vfs_read",
                                        1,
                                        LAYOUT,
                                        Duration.ZERO))
                .hasMessageStartingWith("duration: ");
        assertThatThrownBy(
                        () ->
                                BpftraceProgram.render(
                                        ProbeFamily.Kprobe,
                                        null,
                                        "vfs_read",
                                        1,
                                        LAYOUT,
                                        Duration.ofSeconds(-1)))
                .hasMessageStartingWith("duration: ");
    }

    @ParameterizedTest
    @EnumSource(
            value = ProbeFamily.class,
            names = {"Usdt", "Tracepoint"})
    void nativeFamiliesAreNotRendered(ProbeFamily f) {
        assertThatThrownBy(() -> BpftraceProgram.render(f, "/bin/x", "work", 1, LAYOUT, null))
                .hasMessageStartingWith("spec.probe.family: ");
    }

    @Test
    void specWithOffsetOrOtherMeasureIsRefused() {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Kprobe);
        p.setFunction("vfs_read");
        p.setOffset(4L);
        assertThatThrownBy(() -> BpftraceProgram.latency(p, null, LAYOUT, null))
                .hasMessageStartingWith("spec.probe.offset: ");
        p.setOffset(null);
        p.setMeasure(Measure.Count);
        assertThatThrownBy(() -> BpftraceProgram.latency(p, null, LAYOUT, null))
                .hasMessageStartingWith("spec.probe.measure: ");
    }

    @Test
    void kprobeProgramPairsEntryAndReturnFilteredOnPid() {
        BpftraceProgram p =
                BpftraceProgram.render(
                        ProbeFamily.Kprobe,
                        null,
                        "vfs_read.isra.0",
                        4242,
                        LAYOUT,
                        Duration.ofMillis(1500));
        List<String> lines = p.text().lines().toList();
        assertThat(lines.get(0)).isEqualTo("kprobe:vfs_read.isra.0 /pid == 4242/ {");
        assertThat(lines)
                .contains(
                        "  @s[tid] = nsecs;",
                        "kretprobe:vfs_read.isra.0 /pid == 4242 && @s[tid]/ {",
                        "  $v = (int64)(nsecs - @s[tid]);",
                        "  delete(@s[tid]);",
                        "  @h[$i] = count();",
                        "interval:s:2 {",
                        "  exit();");
        // the index code is the layout's: last index and the sub-bucket shift
        assertThat(p.text())
                .contains(
                        "$i > " + (LAYOUT.length() - 1) + ")",
                        "<< " + LAYOUT.subBucketHalfCountMagnitude() + ")",
                        "if ($v >= " + LAYOUT.subBucketCount() + ")");
        assertThat(p.attachPoint()).isEqualTo("kprobe:vfs_read.isra.0");
        assertThat(p.text())
                .isEqualTo(
                        BpftraceProgram.render(
                                        ProbeFamily.Kprobe,
                                        null,
                                        "vfs_read.isra.0",
                                        4242,
                                        LAYOUT,
                                        Duration.ofMillis(1500))
                                .text());
    }

    @Test
    void kfuncWithoutPidTracesEveryProcessAndRunsUntilStopped() {
        String t =
                BpftraceProgram.render(ProbeFamily.Kfunc, null, "vfs_read", null, LAYOUT, null)
                        .text();
        assertThat(t)
                .startsWith("kfunc:vfs_read {\n")
                .contains("\nkretfunc:vfs_read /@s[tid]/ {\n")
                .doesNotContain("pid ==", "interval");
    }

    @Test
    void uprobePathIsQuotedAndEachDigitsLayoutGetsItsOwnConstants() {
        String two =
                BpftraceProgram.render(
                                ProbeFamily.Uprobe,
                                "/opt/app-1.2/bin/server_x+y",
                                "_ZN3foo3barEv",
                                7,
                                LAYOUT,
                                null)
                        .text();
        assertThat(two)
                .startsWith("uprobe:\"/opt/app-1.2/bin/server_x+y\":_ZN3foo3barEv /pid == 7/ {\n")
                .contains(
                        "\nuretprobe:\"/opt/app-1.2/bin/server_x+y\":_ZN3foo3barEv /pid == 7 && @s[tid]/ {\n");
        String three =
                BpftraceProgram.render(
                                ProbeFamily.Uprobe, "/bin/x", "work", 7, HdrLayout.latency(3), null)
                        .text();
        assertThat(three).contains("if ($v >= 2048)", "<< 10)", "- 1024;");
        assertThat(two).contains("if ($v >= 256)", "<< 7)", "- 128;");
    }
}
