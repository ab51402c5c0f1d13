package io.tracejob.agent.capabilities;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.proc.Mounts;
import io.tracejob.agent.safety.NodeVerdict;
import io.tracejob.agent.safety.ReturnProbeVerdict;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.tracefs.TracefsRoot;
import io.tracejob.api.v1alpha1.ProbeFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What this node can trace, found by looking and by trying: each family is checked by the files the
 * kernel exposes and, where loading is the gate, by loading (and closing at once) a trivial program
 * of the needed type. The operator reads the JSON to fail early with a condition instead of late
 * with a crash.
 *
 * @param families keyed by {@link ProbeFamily} name, in that order
 * @param calibration the per-node trap-cost calibration file's content when one was given, else
 *     null
 * @param returnProbesUnderSeccomp the node check's answer: may a Latency uprobe trace attach a
 *     return probe to a seccomp-filtered process (see {@link
 *     io.tracejob.agent.safety.ReturnProbeSafety})
 */
@JsonPropertyOrder({
    "hostname",
    "kernelVersion",
    "arch",
    "families",
    "btf",
    "bpfStats",
    "uprobePmuType",
    "cgroup",
    "calibration",
    "returnProbesUnderSeccomp"
})
public record NodeCapabilities(
        String hostname,
        String kernelVersion,
        String arch,
        Map<String, FamilySupport> families,
        BtfInfo btf,
        Feature bpfStats,
        Integer uprobePmuType,
        CgroupInfo cgroup,
        JsonNode calibration,
        ReturnProbeVerdict returnProbesUnderSeccomp) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static NodeCapabilities probe() {
        return probe(null, NodeFiles.real());
    }

    /**
     * With the node's calibrated trap costs ({@code tracejob-agent calibrate} output, a JSON
     * object).
     */
    public static NodeCapabilities probe(Path calibrationFile) throws IOException {
        JsonNode calibration = null;
        if (calibrationFile != null) {
            try {
                calibration = JSON.readTree(Files.readString(calibrationFile));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "--calibration "
                                + calibrationFile
                                + " is not JSON: "
                                + e.getOriginalMessage(),
                        e);
            }
            if (calibration == null || !calibration.isObject()) {
                throw new IllegalArgumentException(
                        "--calibration "
                                + calibrationFile
                                + " must hold a JSON object (the output of tracejob-agent calibrate)");
            }
        }
        return probe(calibration, NodeFiles.real());
    }

    static NodeCapabilities probe(JsonNode calibration, NodeFiles node) {
        Mounts mounts = Mounts.ofThisProcess();
        Path tracefs = TracefsRoot.find().orElse(null);
        Integer uprobeType = node.uprobePmuType();
        BtfInfo btf = node.btf();

        Map<String, FamilySupport> families = new LinkedHashMap<>();
        FamilySupport uprobe = FamilyChecks.uprobe(uprobeType);
        families.put(ProbeFamily.Uprobe.name(), uprobe);
        families.put(ProbeFamily.Usdt.name(), FamilyChecks.usdt(uprobe));
        families.put(ProbeFamily.Tracepoint.name(), FamilyChecks.tracepoint(tracefs));
        families.put(ProbeFamily.Kprobe.name(), FamilyChecks.kprobe(tracefs, node.hostname()));
        families.put(ProbeFamily.Kfunc.name(), FamilyChecks.kfunc(btf, node.hostname()));
        return new NodeCapabilities(
                node.hostname(),
                node.kernelVersion(),
                node.arch(),
                families,
                btf,
                probeBpfStats(),
                uprobeType,
                cgroupsOf(mounts),
                calibration,
                NodeVerdict.current());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write the capability report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static NodeCapabilities fromJson(String json) {
        try {
            return JSON.readValue(json, NodeCapabilities.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a node capability report: " + e.getOriginalMessage(), e);
        }
    }

    public FamilySupport family(ProbeFamily f) {
        return families.get(f.name());
    }

    private static Feature probeBpfStats() {
        try (BpfStats s = BpfStats.enable()) {
            return new Feature(true, null);
        } catch (SyscallException e) {
            return new Feature(
                    false,
                    "BPF_ENABLE_STATS refused: "
                            + e.errnoName()
                            + " ("
                            + Errno.meaning(e.errno())
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
            String controllers =
                    String.join(
                            ",",
                            java.util.Arrays.stream(m.superOptions().split(","))
                                    .filter(o -> !o.equals("rw") && !o.equals("ro"))
                                    .toList());
            list.add("cgroup " + m.point() + " (" + controllers + ")");
        }
        String mode =
                versions.isEmpty()
                        ? "none"
                        : versions.size() == 2 ? "hybrid" : "v" + versions.first();
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
