package io.tracejob.agent.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capability report on the real kernel, checked against what the kernel exposes. */
class NodeCapabilitiesTest {
    @TempDir Path tmp;

    @Test
    void realNodeReport() throws Exception {
        Kernel.requireEbpf();
        NodeCapabilities c = NodeCapabilities.probe();
        System.out.println(c.toJson());

        assertThat(c.kernelVersion())
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim())
                .matches("\\d+\\.\\d+.*");
        assertThat(c.hostname())
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
        assertThat(c.arch()).isEqualTo(uname("-m"));
        assertThat(c.families().keySet())
                .containsExactly(
                        Arrays.stream(ProbeFamily.values()).map(Enum::name).toArray(String[]::new));

        for (ProbeFamily f :
                new ProbeFamily[] {ProbeFamily.Uprobe, ProbeFamily.Usdt, ProbeFamily.Tracepoint}) {
            assertThat(c.family(f).available()).as(f + ": " + c.family(f)).isTrue();
            assertThat(c.family(f).reason()).isNull();
        }
        // checked by opening a real trace on the agent's own process, the way a trace opens
        assertThat(c.family(ProbeFamily.Uprobe).checked())
                .anyMatch(l -> l.startsWith("trial trace (uprobe ") && l.contains(": attached"));
        assertThat(c.family(ProbeFamily.Tracepoint).checked())
                .anyMatch(
                        l -> l.startsWith("trial trace (tracepoints ") && l.contains(": attached"));
        assertThat(c.uprobePmuType())
                .isEqualTo(
                        Integer.parseInt(
                                Files.readString(
                                                Path.of(
                                                        "/sys/bus/event_source/devices/uprobe/type"))
                                        .trim()));

        // kprobes: the report must agree with tracefs
        boolean kprobeEvents = Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"));
        FamilySupport kprobe = c.family(ProbeFamily.Kprobe);
        if (!kprobeEvents) {
            assertThat(kprobe.available()).isFalse();
            assertThat(kprobe.reason())
                    .contains("kprobe_events")
                    .contains("CONFIG_KPROBES")
                    .contains(c.hostname());
            assertThat(kprobe.suggestion()).contains("Tracepoint").contains("Usdt");
        }

        // kfunc: BTF is parsed and a real fentry load is tried
        FamilySupport kfunc = c.family(ProbeFamily.Kfunc);
        assertThat(c.btf().present()).isEqualTo(Files.exists(Path.of("/sys/kernel/btf/vmlinux")));
        if (c.btf().present()) {
            assertThat(c.btf().sizeBytes())
                    .isEqualTo(Files.size(Path.of("/sys/kernel/btf/vmlinux")));
            assertThat(kfunc.checked())
                    .anyMatch(s -> s.matches("BTF FUNC (do_sys_openat2|vfs_read): id \\d+"));
            assertThat(kfunc.checked()).anyMatch(s -> s.startsWith("trial fentry program on "));
            if (!kfunc.available()) {
                assertThat(kfunc.reason()).startsWith("fentry program load refused: ");
                assertThat(kfunc.suggestion()).isNotBlank();
            }
        }

        assertThat(c.bpfStats().available()).isTrue();
        assertThat(c.cgroup().versions()).isNotEmpty();
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(c.cgroup().versions().contains(2)).isEqualTo(mountinfo.contains(" - cgroup2 "));
        assertThat(c.cgroup().versions().contains(1)).isEqualTo(mountinfo.contains(" - cgroup "));
        assertThat(c.calibration()).isNull();
    }

    /**
     * On this project's reference node fentry loads are refused with EPERM: the reason must say
     * exactly that.
     */
    @Test
    void fentryRefusalIsReportedAsTheKernelSaidIt() {
        Kernel.requireEbpf();
        NodeCapabilities c = NodeCapabilities.probe();
        FamilySupport kfunc = c.family(ProbeFamily.Kfunc);
        Kernel.require(c.btf().present(), "kernel BTF at /sys/kernel/btf/vmlinux");
        // the trial's errno, independently: the same load through the trial directly
        int errno = FentryTrial.load(VmlinuxBtfIds.anyTrialFunction());
        if (errno == 0) {
            assertThat(kfunc.available()).isTrue();
        } else {
            assertThat(kfunc.available()).isFalse();
            assertThat(kfunc.reason())
                    .isEqualTo(
                            "fentry program load refused: "
                                    + io.tracejob.agent.sys.Errno.name(errno));
        }
    }

    @Test
    void jsonIsWellFormedAndRoundTrips() throws Exception {
        Kernel.requireEbpf();
        Path cal = tmp.resolve("calibration.json");
        Files.writeString(
                cal,
                "{\"int3NanosPerFiring\": 3650, \"nop5NanosPerFiring\": 1550, \"measuredAt\": \"2026-11-25T21:00:00Z\"}");
        NodeCapabilities c = NodeCapabilities.probe(cal);
        String json = c.toJson();
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.fieldNames())
                .toIterable()
                .containsExactly(
                        "hostname",
                        "kernelVersion",
                        "arch",
                        "families",
                        "btf",
                        "bpfStats",
                        "uprobePmuType",
                        "cgroup",
                        "calibration",
                        "returnProbesUnderSeccomp");
        assertThat(tree.get("families").get("Uprobe").get("available").asBoolean()).isTrue();
        // the node check ran (or its cached answer for this boot was read): a definite answer, the
        // one traces use
        JsonNode seccomp = tree.get("returnProbesUnderSeccomp");
        assertThat(seccomp.get("answer").asText())
                .as(seccomp.toString())
                .isIn("SAFE", "UNSAFE")
                .isEqualTo(io.tracejob.agent.safety.NodeVerdict.current().answer().name());
        assertThat(seccomp.get("kernelRelease").asText()).isEqualTo(c.kernelVersion());
        assertThat(tree.get("families").get("Uprobe").has("reason")).isFalse();
        assertThat(tree.get("calibration").get("int3NanosPerFiring").asLong()).isEqualTo(3650);
        assertThat(NodeCapabilities.fromJson(json)).isEqualTo(c);
    }

    @Test
    void badCalibrationFileIsNamed() throws Exception {
        Path cal = tmp.resolve("cal.json");
        Files.writeString(cal, "[1,2]");
        assertThatThrownBy(() -> NodeCapabilities.probe(cal))
                .hasMessageContaining("--calibration " + cal)
                .hasMessageContaining("JSON object");
        Files.writeString(cal, "{oops");
        assertThatThrownBy(() -> NodeCapabilities.probe(cal))
                .hasMessageContaining("--calibration " + cal)
                .hasMessageContaining("not JSON");
    }

    private static String uname(String flag) throws Exception {
        Process p = new ProcessBuilder("uname", flag).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
