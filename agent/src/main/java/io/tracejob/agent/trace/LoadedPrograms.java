package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.UprobeMultiLink;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.ProbePrograms;
import io.tracejob.agent.programs.ProgramScope;
import io.tracejob.agent.programs.TraceMaps;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded program per role of the plan; the same program serves every process and site. Uprobe
 * programs are loaded for uprobe_multi links ({@link UprobeMultiLink}), which need no
 * CAP_SYS_ADMIN; on a kernel without them (before 6.6) for perf events.
 */
final class LoadedPrograms implements AutoCloseable {
    private final Map<Role, BpfProgram> byRole = new EnumMap<>(Role.class);
    private boolean uprobeLinks;

    static LoadedPrograms load(ProbePlan plan, TraceMaps maps, Following following)
            throws IOException {
        LoadedPrograms loaded = new LoadedPrograms();
        try {
            boolean tracepoints = !plan.perProcess();
            ProgramType type = tracepoints ? ProgramType.TRACEPOINT : ProgramType.KPROBE;
            ProgramScope scope =
                    tracepoints
                            ? ProgramScope.SYSTEM
                            : following == Following.BINARY_WIDE
                                    ? ProgramScope.BINARY
                                    : ProgramScope.PROCESS;
            for (Role role : plan.sites().stream().map(Site::role).distinct().toList()) {
                List<Insn> insns =
                        switch (role) {
                            case START -> ProbePrograms.latencyStart(maps, plan.startKey(), scope);
                            case END ->
                                    ProbePrograms.latencyEnd(
                                            maps, plan.endKey(), scope, endIsReturnProbe(plan));
                            case EVENT -> ProbePrograms.count(maps, scope);
                            case VALUE ->
                                    ProbePrograms.value(
                                            maps,
                                            plan.valueField().offset(),
                                            plan.valueField().size(),
                                            plan.valueField().signed());
                        };
                String name = "tj_" + role.name().toLowerCase();
                loaded.byRole.put(
                        role,
                        tracepoints
                                ? BpfProgram.load(type, name, insns, "GPL")
                                : loaded.loadUprobe(name, insns));
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Whether the end of a measured call is a function's return (not a USDT or tracepoint). */
    private static boolean endIsReturnProbe(ProbePlan plan) {
        return plan.sites().stream()
                .anyMatch(
                        s -> s instanceof Site.Uprobe u && u.role() == Role.END && u.returnProbe());
    }

    private BpfProgram loadUprobe(String name, List<Insn> insns) throws SyscallException {
        boolean first = byRole.isEmpty();
        if (first || uprobeLinks) {
            try {
                BpfProgram p =
                        BpfProgram.load(
                                ProgramType.KPROBE,
                                UprobeMultiLink.ATTACH_TYPE,
                                name,
                                insns,
                                "GPL");
                uprobeLinks = true;
                return p;
            } catch (SyscallException e) {
                if (!first || e.errno() != Errno.EINVAL)
                    throw e; // a kernel without uprobe_multi refuses the attach type
            }
        }
        return BpfProgram.load(ProgramType.KPROBE, name, insns, "GPL");
    }

    /** True when uprobe sites attach as uprobe_multi links, false when as perf events. */
    boolean uprobeLinks() {
        return uprobeLinks;
    }

    BpfProgram get(Role role) {
        return byRole.get(role);
    }

    List<BpfProgram> all() {
        return new ArrayList<>(byRole.values());
    }

    @Override
    public void close() {
        byRole.values().forEach(BpfProgram::close);
        byRole.clear();
    }
}
