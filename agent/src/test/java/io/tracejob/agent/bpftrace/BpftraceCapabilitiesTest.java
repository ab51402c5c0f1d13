package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.capabilities.FentryTrial;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection against the node's own facts, checked independently: the tracefs file, the BTF file,
 * and what bpftrace itself does when asked to run the family.
 */
class BpftraceCapabilitiesTest {
    static BpftraceCapabilities caps;
    static String node;

    @BeforeAll
    static void detect() throws Exception {
        Kernel.requireEbpf();
        Kernel.requireCommand("bpftrace");
        caps = BpftraceCapabilities.detect();
        node = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    @Test
    void versionIsWhatBpftraceSays() throws Exception {
        Process p = new ProcessBuilder("bpftrace", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(caps.version()).matches("\\d+\\.\\d+(\\.\\d+)?");
        assertThat(out).contains("v" + caps.version());
        assertThat(caps.bpftrace()).isPresent();
        assertThat(caps.node()).isEqualTo(node);
    }

    @Test
    void kprobeVerdictFollowsKprobeEventsAndNamesNodeFamilyAndLadder() {
        boolean present =
                Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
                        || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events"));
        assertThat(caps.support(ProbeFamily.Kprobe).checked())
                .anyMatch(l -> l.contains("kprobe_events: " + (present ? "present" : "missing")));
        assertThat(caps.available(ProbeFamily.Kprobe)).isEqualTo(present);
        if (present) return;
        assertThatThrownBy(() -> caps.require(ProbeFamily.Kprobe))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageStartingWith(
                        "spec.probe.family: Kprobe cannot run on node " + node + ": ")
                .hasMessageContaining("no kprobe_events in tracefs")
                .hasMessageContaining("CONFIG_KPROBES")
                .hasMessageContaining("probe.family: Tracepoint")
                .hasMessageContaining("probe.family: Usdt");
    }

    @Test
    void kfuncVerdictFollowsTheFentryTrialAndNamesTheErrno() {
        boolean btf = Files.exists(Path.of("/sys/kernel/btf/vmlinux"));
        FentryTrial.Outcome fentry = FentryTrial.run();
        assertThat(caps.available(ProbeFamily.Kfunc)).isEqualTo(btf && fentry.loaded());
        if (caps.available(ProbeFamily.Kfunc)) return;
        String errno = fentry.errno() > 0 ? Errno.name(fentry.errno()) : "not attempted";
        assertThatThrownBy(() -> caps.require(ProbeFamily.Kfunc))
                .isInstanceOf(UnsupportedProbeException.class)
                .hasMessageStartingWith(
                        "spec.probe.family: Kfunc cannot run on node " + node + ": ")
                .hasMessageContaining(btf ? "fentry" : "BTF")
                .hasMessageContaining(btf ? errno : "/sys/kernel/btf/vmlinux")
                .hasMessageContaining("probe.family: Tracepoint");
    }

    @Test
    void uprobeRunsHereAndNativeFamiliesAreNotBpftraces() {
        assertThat(caps.available(ProbeFamily.Uprobe)).isTrue();
        assertThat(caps.reasons(ProbeFamily.Tracepoint))
                .singleElement()
                .asString()
                .contains("native engine");
    }

    /**
     * What detection refuses, bpftrace itself fails to run: the verdict is not a guess. The failure
     * comes back in one line.
     */
    @Test
    void refusedFamiliesReallyFailInBpftraceWithItsErrorInOneLine() throws Exception {
        for (ProbeFamily f : new ProbeFamily[] {ProbeFamily.Kprobe, ProbeFamily.Kfunc}) {
            BpftraceProgram p =
                    BpftraceProgram.render(
                            f, null, "vfs_read", null, HdrLayout.latency(2), Duration.ofSeconds(1));
            BpftraceRunner r = new BpftraceRunner(p, new StopSignal());
            if (caps.available(f)) {
                assertThat(r.run().getStopReason()).as("%s", f).isNotNull();
                continue;
            }
            assertThatThrownBy(r::run)
                    .as("%s", f)
                    .isInstanceOf(BpftraceException.class)
                    .hasMessageStartingWith("bpftrace failed (exit ")
                    .hasMessageContaining(p.attachPoint())
                    .hasMessageNotContaining("\n")
                    .hasMessageNotContaining("RLIMIT_MEMLOCK")
                    .satisfies(
                            e ->
                                    assertThat(e.getMessage())
                                            .containsAnyOf(
                                                    "kprobe_events",
                                                    "kfunc",
                                                    "fentry",
                                                    "not available",
                                                    "Operation not permitted"));
        }
    }
}
