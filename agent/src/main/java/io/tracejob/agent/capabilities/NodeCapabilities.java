package io.tracejob.agent.capabilities;

import io.tracejob.agent.btf.VmlinuxBtf;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.safety.NodeVerdict;
import io.tracejob.agent.safety.ReturnProbeVerdict;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * What this node can trace, found by looking and by trying: each family is checked by the files the kernel exposes
 * and, where loading is the gate, by loading (and closing at once) a trivial program of the needed type. The
 * operator reads the JSON to fail early with a condition instead of late with a crash.
 *
 * @param families    keyed by {@link ProbeFamily} name, in that order
 * @param calibration the per-node trap-cost calibration file's content when one was given, else null
 * @param returnProbesUnderSeccomp the node check's answer: may a Latency uprobe trace attach a return probe to a
 *                    seccomp-filtered process (see {@link io.tracejob.agent.safety.ReturnProbeSafety})
 */
@JsonPropertyOrder({"hostname", "kernelVersion", "arch", "families", "btf", "bpfStats", "uprobePmuType", "cgroup", "calibration",
        "returnProbesUnderSeccomp"})
public record NodeCapabilities(String hostname, String kernelVersion, String arch, Map<String, FamilySupport> families,
                               BtfInfo btf, Feature bpfStats, Integer uprobePmuType, CgroupInfo cgroup, JsonNode calibration,
                               ReturnProbeVerdict returnProbesUnderSeccomp) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Path UPROBE_PMU = Path.of("/sys/bus/event_source/devices/uprobe");
    static final List<Path> TRACEFS_CANDIDATES = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));
    /** Kernel functions present on every kernel the agent supports, tried in order for the fentry trial. */
    static final List<String> FENTRY_TRIAL_FUNCTIONS = List.of("do_sys_openat2", "vfs_read");
    private static final String NEXT_RUNG = "trace the same boundary with a tracepoint (probe.family: Tracepoint) or USDT (probe.family: Usdt)";

    public static NodeCapabilities probe() {
        return probe(null, NodeFiles.real());
    }

    /** With the node's calibrated trap costs ({@code tracejob-agent calibrate} output, a JSON object). */
    public static NodeCapabilities probe(Path calibrationFile) throws IOException {
        JsonNode calibration = null;
        if (calibrationFile != null) {
            try {
                calibration = JSON.readTree(Files.readString(calibrationFile));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("--calibration " + calibrationFile + " is not JSON: " + e.getOriginalMessage(), e);
            }
            if (calibration == null || !calibration.isObject()) {
                throw new IllegalArgumentException("--calibration " + calibrationFile + " must hold a JSON object (the output of tracejob-agent calibrate)");
            }
        }
        return probe(calibration, NodeFiles.real());
    }

    static NodeCapabilities probe(JsonNode calibration, NodeFiles node) {
        Mounts mounts = node.mounts();
        Path tracefs = node.tracefs(mounts);
        Integer uprobeType = node.uprobePmuType();
        BtfInfo btf = node.btf();

        Map<String, FamilySupport> families = new LinkedHashMap<>();
        FamilySupport uprobe = uprobe(uprobeType);
        families.put(ProbeFamily.Uprobe.name(), uprobe);
        families.put(ProbeFamily.Usdt.name(), usdt(uprobe));
        families.put(ProbeFamily.Tracepoint.name(), tracepoint(tracefs));
        families.put(ProbeFamily.Kprobe.name(), kprobe(tracefs, node.hostname()));
        families.put(ProbeFamily.Kfunc.name(), kfunc(btf, node.hostname()));
        return new NodeCapabilities(node.hostname(), node.kernelVersion(), node.arch(), families, btf, probeBpfStats(),
                uprobeType, cgroupsOf(mounts), calibration, NodeVerdict.current());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the capability report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static NodeCapabilities fromJson(String json) {
        try {
            return JSON.readValue(json, NodeCapabilities.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a node capability report: " + e.getOriginalMessage(), e);
        }
    }

    public FamilySupport family(ProbeFamily f) {
        return families.get(f.name());
    }

    private static FamilySupport uprobe(Integer pmuType) {
        List<String> checked = new ArrayList<>();
        if (pmuType == null) {
            checked.add(UPROBE_PMU.resolve("type") + ": missing");
            return FamilySupport.no("no uprobe PMU (" + UPROBE_PMU.resolve("type") + " missing: kernel without CONFIG_UPROBE_EVENTS)",
                    "add USDT probes or tracepoints to the target", checked);
        }
        checked.add("uprobe PMU type " + pmuType);
        String refused = TrialTrace.uprobe(checked);
        if (refused != null) return FamilySupport.no(refused, null, checked);
        return FamilySupport.yes(checked);
    }

    private static FamilySupport usdt(FamilySupport uprobe) {
        List<String> checked = new ArrayList<>(uprobe.checked());
        if (!uprobe.available()) return FamilySupport.no("USDT probes are uprobes: " + uprobe.reason(), null, checked);
        Path refCtr = UPROBE_PMU.resolve("format/ref_ctr_offset");
        if (!Files.exists(refCtr)) {
            checked.add(refCtr + ": missing");
            return FamilySupport.no("the uprobe PMU has no ref_ctr_offset field (" + refCtr
                    + " missing, kernel < 4.20): USDT semaphores cannot be set", "probe the function around the USDT site (probe.family: Uprobe)", checked);
        }
        checked.add(refCtr + ": " + read(refCtr));
        return FamilySupport.yes(checked);
    }

    private static FamilySupport tracepoint(Path tracefs) {
        List<String> checked = new ArrayList<>();
        if (tracefs == null) {
            checked.add("tracefs: not mounted at " + TRACEFS_CANDIDATES);
            return FamilySupport.no("tracefs is not mounted (looked for " + TRACEFS_CANDIDATES + " and in /proc/self/mountinfo)",
                    "mount it: `mount -t tracefs nodev /sys/kernel/tracing` on the node, or a hostPath volume of /sys/kernel/tracing into the agent (uprobes and USDT do not need it)", checked);
        }
        checked.add("tracefs at " + tracefs);
        String refused = TrialTrace.tracepoint(checked);
        if (refused != null) return FamilySupport.no(refused, null, checked);
        return FamilySupport.yes(checked);
    }

    private static FamilySupport kprobe(Path tracefs, String hostname) {
        List<String> checked = new ArrayList<>();
        if (tracefs == null) {
            checked.add("tracefs: not mounted");
            return FamilySupport.no("tracefs is not mounted, so kprobe_events cannot be checked on node " + hostname, NEXT_RUNG, checked);
        }
        Path events = tracefs.resolve("kprobe_events");
        if (!Files.exists(events)) {
            checked.add(events + ": missing");
            return FamilySupport.no("no kprobe_events in tracefs (" + events + " missing) on node " + hostname
                    + ": the kernel is built without CONFIG_KPROBES", NEXT_RUNG, checked);
        }
        checked.add(events + ": present");
        String refused = trialLoad(ProgramType.KPROBE, checked);
        if (refused != null) return FamilySupport.no(refused, NEXT_RUNG, checked);
        return FamilySupport.yes(checked);
    }

    private static FamilySupport kfunc(BtfInfo btf, String hostname) {
        List<String> checked = new ArrayList<>();
        if (!btf.present()) {
            checked.add(VmlinuxBtf.VMLINUX + ": missing");
            return FamilySupport.no("no kernel BTF (" + VmlinuxBtf.VMLINUX + " missing on node " + hostname
                    + "): fentry needs CONFIG_DEBUG_INFO_BTF", NEXT_RUNG, checked);
        }
        checked.add(VmlinuxBtf.VMLINUX + ": " + btf.sizeBytes() + " bytes");
        byte[] raw;
        try {
            raw = Files.readAllBytes(VmlinuxBtf.VMLINUX);
        } catch (IOException e) {
            return FamilySupport.no("not attempted: cannot read " + VmlinuxBtf.VMLINUX + ": " + e.getMessage(), NEXT_RUNG, checked);
        }
        for (String fn : FENTRY_TRIAL_FUNCTIONS) {
            OptionalInt id;
            try {
                id = VmlinuxBtf.funcId(raw, fn);
            } catch (RuntimeException e) {
                return FamilySupport.no("not attempted: cannot parse " + VmlinuxBtf.VMLINUX + ": " + e.getMessage(), NEXT_RUNG, checked);
            }
            if (id.isEmpty()) {
                checked.add("BTF FUNC " + fn + ": not found");
                continue;
            }
            checked.add("BTF FUNC " + fn + ": id " + id.getAsInt());
            int errno = FentryTrial.load(id.getAsInt());
            if (errno == 0) {
                checked.add("trial fentry program on " + fn + ": loaded");
                return FamilySupport.yes(checked);
            }
            checked.add("trial fentry program on " + fn + ": " + Errno.name(errno) + " (" + Errno.meaning(errno) + ")");
            return FamilySupport.no("fentry program load refused: " + Errno.name(errno), NEXT_RUNG, checked);
        }
        return FamilySupport.no("not attempted: none of " + FENTRY_TRIAL_FUNCTIONS + " is a FUNC in the kernel BTF", NEXT_RUNG, checked);
    }

    /** Loads and closes {@code r0 = 0; exit} of the type; null when it loaded, else the refusal in words. */
    private static String trialLoad(ProgramType type, List<String> checked) {
        try (BpfProgram p = BpfProgram.load(type, "tj_cap_" + type.name().toLowerCase(Locale.ROOT), new Asm().mov(Reg.R0, 0).exit().build(), "GPL")) {
            checked.add("trial " + type + " program load: ok");
            return null;
        } catch (SyscallException e) {
            checked.add("trial " + type + " program load: " + e.errnoName());
            return "trial " + type + " BPF program load refused: " + e.errnoName() + " (" + Errno.meaning(e.errno()) + ")";
        }
    }

    private static Feature probeBpfStats() {
        try (BpfStats s = BpfStats.enable()) {
            return new Feature(true, null);
        } catch (SyscallException e) {
            return new Feature(false, "BPF_ENABLE_STATS refused: " + e.errnoName() + " (" + Errno.meaning(e.errno())
                    + "; needs kernel 5.8+ and CAP_SYS_ADMIN, which the agent pod does not have): optional, the Result lacks only the"
                    + " programs' own run time; the cost comes from firings counted in the programs and this node's measured cost per firing");
        }
    }

    private static CgroupInfo cgroupsOf(Mounts mounts) {
        TreeSet<Integer> versions = new TreeSet<>();
        List<String> list = new ArrayList<>();
        for (Mounts.Mount m : mounts.ofType("cgroup2")) {
            versions.add(2);
            list.add("cgroup2 " + m.point());
        }
        for (Mounts.Mount m : mounts.ofType("cgroup")) {
            versions.add(1);
            String controllers = String.join(",", java.util.Arrays.stream(m.superOptions().split(","))
                    .filter(o -> !o.equals("rw") && !o.equals("ro")).toList());
            list.add("cgroup " + m.point() + " (" + controllers + ")");
        }
        String mode = versions.isEmpty() ? "none" : versions.size() == 2 ? "hybrid" : "v" + versions.first();
        return new CgroupInfo(new ArrayList<>(versions), mode, list);
    }

    static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
