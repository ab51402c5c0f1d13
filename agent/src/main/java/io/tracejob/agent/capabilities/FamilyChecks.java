package io.tracejob.agent.capabilities;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Asm;
import io.tracejob.agent.bpf.asm.Reg;
import io.tracejob.agent.btf.VmlinuxBtf;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.tracefs.TracefsRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Can family F run here, and why not", one check per family, found by looking at what the kernel
 * exposes and by trying what the kernel gates. The capability report and the engines ask the same
 * checks, so {@code capabilities} and {@code run} cannot disagree on one node (before, the bpftrace
 * path had its own kprobe and fentry checks, trying another kernel function and giving other
 * advice).
 */
public final class FamilyChecks {
    /** The next rung of the escalation ladder for the kernel-function families (Kprobe, Kfunc). */
    public static final String NEXT_RUNG =
            "trace the same boundary with a tracepoint pair (probe.family: Tracepoint,"
                    + " e.g. syscalls:sys_enter_X / syscalls:sys_exit_X) or with USDT probes (probe.family: Usdt) in the program";

    private FamilyChecks() {}

    /** Kprobe on this node: kprobe_events in tracefs and a kprobe program load. */
    public static FamilySupport kprobe() {
        return kprobe(TracefsRoot.find().orElse(null), NodeFiles.real().hostname());
    }

    /** Kfunc on this node: kernel BTF and the {@link FentryTrial}. */
    public static FamilySupport kfunc() {
        NodeFiles node = NodeFiles.real();
        return kfunc(node.btf(), node.hostname());
    }

    /** Whether the kernel has the uprobe PMU (CONFIG_UPROBE_EVENTS), without a trial trace. */
    public static boolean uprobePmuPresent() {
        return NodeFiles.real().uprobePmuType() != null;
    }

    static FamilySupport uprobe(Integer pmuType) {
        List<String> checked = new ArrayList<>();
        if (pmuType == null) {
            checked.add(NodeFiles.UPROBE_PMU.resolve("type") + ": missing");
            return FamilySupport.no(
                    "no uprobe PMU ("
                            + NodeFiles.UPROBE_PMU.resolve("type")
                            + " missing: kernel without CONFIG_UPROBE_EVENTS)",
                    "add USDT probes or tracepoints to the target",
                    checked);
        }
        checked.add("uprobe PMU type " + pmuType);
        String refused = TrialTrace.uprobe(checked);
        if (refused != null) return FamilySupport.no(refused, null, checked);
        return FamilySupport.yes(checked);
    }

    static FamilySupport usdt(FamilySupport uprobe) {
        List<String> checked = new ArrayList<>(uprobe.checked());
        if (!uprobe.available())
            return FamilySupport.no("USDT probes are uprobes: " + uprobe.reason(), null, checked);
        Path refCtr = NodeFiles.UPROBE_PMU.resolve("format/ref_ctr_offset");
        if (!Files.exists(refCtr)) {
            checked.add(refCtr + ": missing");
            return FamilySupport.no(
                    "the uprobe PMU has no ref_ctr_offset field ("
                            + refCtr
                            + " missing, kernel < 4.20): USDT semaphores cannot be set",
                    "probe the function around the USDT site (probe.family: Uprobe)",
                    checked);
        }
        checked.add(refCtr + ": " + NodeCapabilities.read(refCtr));
        return FamilySupport.yes(checked);
    }

    static FamilySupport tracepoint(Path tracefs) {
        List<String> checked = new ArrayList<>();
        if (tracefs == null) {
            checked.add("tracefs: not mounted at " + TracefsRoot.DEFAULT_PLACES);
            return FamilySupport.no(
                    "tracefs is not mounted (looked for "
                            + TracefsRoot.DEFAULT_PLACES
                            + " and in /proc/self/mountinfo)",
                    "mount it: `mount -t tracefs nodev /sys/kernel/tracing` on the node, or a hostPath volume of /sys/kernel/tracing into the agent (uprobes and USDT do not need it)",
                    checked);
        }
        checked.add("tracefs at " + tracefs);
        String refused = TrialTrace.tracepoint(checked);
        if (refused != null) return FamilySupport.no(refused, null, checked);
        return FamilySupport.yes(checked);
    }

    static FamilySupport kprobe(Path tracefs, String hostname) {
        List<String> checked = new ArrayList<>();
        if (tracefs == null) {
            checked.add("tracefs: not mounted");
            return FamilySupport.no(
                    "tracefs is not mounted, so kprobe_events cannot be checked on node "
                            + hostname,
                    NEXT_RUNG,
                    checked);
        }
        Path events = tracefs.resolve("kprobe_events");
        if (!Files.exists(events)) {
            checked.add(events + ": missing");
            return FamilySupport.no(
                    "no kprobe_events in tracefs ("
                            + events
                            + " missing) on node "
                            + hostname
                            + ": the kernel is built without CONFIG_KPROBES",
                    NEXT_RUNG,
                    checked);
        }
        checked.add(events + ": present");
        String refused = trialLoad(ProgramType.KPROBE, checked);
        if (refused != null) return FamilySupport.no(refused, NEXT_RUNG, checked);
        return FamilySupport.yes(checked);
    }

    static FamilySupport kfunc(BtfInfo btf, String hostname) {
        List<String> checked = new ArrayList<>();
        if (!btf.present()) {
            checked.add(VmlinuxBtf.VMLINUX + ": missing");
            return FamilySupport.no(
                    "no kernel BTF ("
                            + VmlinuxBtf.VMLINUX
                            + " missing on node "
                            + hostname
                            + "): fentry needs CONFIG_DEBUG_INFO_BTF",
                    NEXT_RUNG,
                    checked);
        }
        checked.add(VmlinuxBtf.VMLINUX + ": " + btf.sizeBytes() + " bytes");
        FentryTrial.Outcome trial = FentryTrial.run();
        checked.addAll(trial.checked());
        if (trial.loaded()) return FamilySupport.yes(checked);
        if (trial.notAttempted() != null)
            return FamilySupport.no("not attempted: " + trial.notAttempted(), NEXT_RUNG, checked);
        return FamilySupport.no(
                "fentry program load refused: " + Errno.name(trial.errno()), NEXT_RUNG, checked);
    }

    /**
     * Loads and closes {@code r0 = 0; exit} of the type; null when it loaded, else the refusal in
     * words.
     */
    private static String trialLoad(ProgramType type, List<String> checked) {
        try (BpfProgram p =
                BpfProgram.load(
                        type,
                        "tj_cap_" + type.name().toLowerCase(Locale.ROOT),
                        new Asm().mov(Reg.R0, 0).exit().build(),
                        "GPL")) {
            checked.add("trial " + type + " program load: ok");
            return null;
        } catch (SyscallException e) {
            checked.add("trial " + type + " program load: " + e.errnoName());
            return "trial "
                    + type
                    + " BPF program load refused: "
                    + e.errnoName()
                    + " ("
                    + Errno.meaning(e.errno())
                    + ")";
        }
    }
}
