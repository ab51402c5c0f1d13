package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.perf.UprobeLinks;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.ProbePrograms;
import io.tracejob.agent.programs.TraceMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One loaded program per role of the plan; the same program serves every process and site. */
final class LoadedPrograms implements AutoCloseable {
    private final Map<Role, BpfProgram> byRole = new EnumMap<>(Role.class);

    static LoadedPrograms load(ProbePlan plan, TraceMaps maps) throws IOException {
        LoadedPrograms loaded = new LoadedPrograms();
        try {
            boolean tracepoints = !plan.perProcess();
            ProgramType type = tracepoints ? ProgramType.TRACEPOINT : ProgramType.KPROBE;
            // uprobes go in through uprobe_multi links where the kernel has them: no CAP_SYS_ADMIN (see UprobeLinks)
            int attachType = tracepoints ? 0 : UprobeLinks.attachType();
            for (Role role : plan.sites().stream().map(Site::role).distinct().toList()) {
                List<Insn> insns = switch (role) {
                    case START -> ProbePrograms.latencyStart(maps, plan.startKey(), tracepoints);
                    case END -> ProbePrograms.latencyEnd(maps, plan.endKey(), tracepoints);
                    case EVENT -> ProbePrograms.count(maps, tracepoints);
                    case VALUE -> ProbePrograms.value(maps, plan.valueField().offset(), plan.valueField().size(), plan.valueField().signed());
                };
                loaded.byRole.put(role, BpfProgram.load(type, attachType, "tj_" + role.name().toLowerCase(), insns, "GPL"));
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
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
