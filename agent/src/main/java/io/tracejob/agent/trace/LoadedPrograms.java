package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.ProbePrograms;
import io.tracejob.agent.programs.ProgramScope;
import io.tracejob.agent.programs.TraceMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One loaded program per role of the plan; the same program serves every process and site. */
final class LoadedPrograms implements AutoCloseable {
    private final Map<Role, BpfProgram> byRole = new EnumMap<>(Role.class);

    static LoadedPrograms load(ProbePlan plan, TraceMaps maps, Following following) throws IOException {
        LoadedPrograms loaded = new LoadedPrograms();
        try {
            boolean tracepoints = !plan.perProcess();
            ProgramType type = tracepoints ? ProgramType.TRACEPOINT : ProgramType.KPROBE;
            ProgramScope scope = tracepoints ? ProgramScope.SYSTEM : following == Following.BINARY_WIDE ? ProgramScope.BINARY : ProgramScope.PROCESS;
            for (Role role : plan.sites().stream().map(Site::role).distinct().toList()) {
                List<Insn> insns = switch (role) {
                    case START -> ProbePrograms.latencyStart(maps, plan.startKey(), scope);
                    case END -> ProbePrograms.latencyEnd(maps, plan.endKey(), scope);
                    case EVENT -> ProbePrograms.count(maps, scope);
                    case VALUE -> ProbePrograms.value(maps, plan.valueField().offset(), plan.valueField().size(), plan.valueField().signed());
                };
                loaded.byRole.put(role, BpfProgram.load(type, "tj_" + role.name().toLowerCase(), insns, "GPL"));
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
