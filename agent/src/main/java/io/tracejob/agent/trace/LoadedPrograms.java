package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.UprobeMultiLink;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import io.tracejob.agent.programs.KeySource;
import io.tracejob.agent.programs.ProbePrograms;
import io.tracejob.agent.programs.ProgramScope;
import io.tracejob.agent.programs.SessionKfuncs;
import io.tracejob.agent.programs.TraceMaps;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.api.v1alpha1.Measure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded program per role of the plan; the same program serves every process and site. Uprobe
 * programs are loaded for uprobe_multi links ({@link UprobeMultiLink}), which need no
 * CAP_SYS_ADMIN; on a kernel without them (before 6.6) for perf events.
 *
 * <p>A function's latency (entry + return at the same places) is one session program when the
 * kernel has uprobe sessions (6.13+), under {@link Role#START}: one link then serves both ends, and
 * a take-out is one close, after which no breakpoint traps (with two links the breakpoint stays
 * through the first close, tens of ms in which every call still traps). Set the system property
 * {@value #SESSION_PROPERTY} to {@code off} to use the two links anyway.
 */
final class LoadedPrograms implements AutoCloseable {
    static final String SESSION_PROPERTY = "tracejob.uprobeSession";

    private final Map<Role, BpfProgram> byRole = new EnumMap<>(Role.class);
    private boolean uprobeLinks;
    private boolean session;
    private String sessionRefused;

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
            if (!tracepoints && sessionFits(plan) && loaded.loadSession(maps, scope)) return loaded;
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

    /**
     * Whether one session program can do this plan's work: a latency paired by thread, entries and
     * returns at the same places of the same binaries, nothing else.
     */
    static boolean sessionFits(ProbePlan plan) {
        if (plan.measure() != Measure.Latency
                || !(plan.startKey() instanceof KeySource.Thread)
                || !(plan.endKey() instanceof KeySource.Thread)) return false;
        Set<List<Object>> entries = new HashSet<>();
        Set<List<Object>> returns = new HashSet<>();
        for (Site s : plan.sites()) {
            if (!(s instanceof Site.Uprobe u)) return false;
            List<Object> where = List.of(u.binary(), u.fileOffset(), u.refCtrOffset());
            if (u.role() == Role.START && !u.returnProbe()) entries.add(where);
            else if (u.role() == Role.END && u.returnProbe()) returns.add(where);
            else return false;
        }
        return !entries.isEmpty() && entries.equals(returns);
    }

    /** whether the property turns uprobe sessions off for this process */
    static boolean sessionsOff() {
        return "off".equals(System.getProperty(SESSION_PROPERTY));
    }

    /**
     * Loads the session program; false (and why, for {@link #sessionRefused()}) when the kernel has
     * no uprobe sessions or the property turns them off.
     */
    private boolean loadSession(TraceMaps maps, ProgramScope scope) {
        if (sessionsOff()) {
            sessionRefused = SESSION_PROPERTY + "=off";
            return false;
        }
        Optional<SessionKfuncs> kfuncs = SessionKfuncs.find();
        if (kfuncs.isEmpty()) {
            sessionRefused = "the kernel's BTF has no bpf_session_cookie (kernel before 6.10)";
            return false;
        }
        try {
            byRole.put(
                    Role.START,
                    BpfProgram.load(
                            ProgramType.KPROBE,
                            UprobeMultiLink.SESSION_ATTACH_TYPE,
                            "tj_session",
                            ProbePrograms.latencySession(maps, scope, kfuncs.get()),
                            "GPL"));
        } catch (SyscallException e) {
            // a kernel before 6.13 has the kfuncs for kprobe sessions only, or no such attach type
            sessionRefused = "the kernel refused a uprobe session program: " + e.getMessage();
            return false;
        }
        uprobeLinks = true;
        session = true;
        return true;
    }

    /**
     * True when one session program serves both ends of each call ({@link Role#START} only, linked
     * with {@link UprobeMultiLink#SESSION_ATTACH_TYPE}).
     */
    boolean session() {
        return session;
    }

    /**
     * How a function's entry and return are probed: one session link, or two links and why; null
     * when the plan is not a function's latency.
     */
    String linking() {
        if (session) return "one uprobe session link (entry and return)";
        if (sessionRefused != null) return "an entry and a return link (" + sessionRefused + ")";
        return null;
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
