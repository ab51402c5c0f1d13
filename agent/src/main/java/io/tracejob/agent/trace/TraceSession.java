package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.bpf.ProgramStats;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.proc.Procs;
import io.tracejob.agent.programs.Counter;
import io.tracejob.agent.programs.TraceMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel side of one trace: maps, programs, the perf events that attach them, and the traced
 * process set — the target and every descendant, kept in the kernel by {@link ProcessFollower} so a
 * child is traced from its first instruction. With {@link Following#BINARY_WIDE} the uprobes are
 * opened once for the binary and the programs filter on that set; with {@link
 * Following#PER_PROCESS} they are opened for each member as the agent learns of it. Single-threaded
 * by design: the tracer's loop calls {@link #poll()}; only closing events runs on helper threads.
 */
public final class TraceSession implements AutoCloseable {
    private final ProbePlan plan;
    private final Following following;
    private final TraceMaps maps;
    private final LoadedPrograms programs;
    private final BpfStats stats;
    private final PinnedBinaries pinned;
    private ProcessFollower follower;
    private final Attachments attachments;

    /** live members the agent knows of, with their per-process events (none when binary-wide) */
    private final Map<ProcessId, List<Attachments.Attached>> processes = new LinkedHashMap<>();

    private final Set<Integer> everTraced = new TreeSet<>();

    /** tracepoint events and binary-wide uprobes */
    private final List<Attachments.Attached> shared = new ArrayList<>();

    private boolean detached;

    /** false while duty cycling keeps the probes off; processes are still followed */
    private boolean probing = true;

    private final List<String> warnings = new ArrayList<>();
    private final List<Integer> newlyAttached = new ArrayList<>();

    private TraceSession(
            ProbePlan plan,
            Following following,
            TraceMaps maps,
            LoadedPrograms programs,
            BpfStats stats,
            PinnedBinaries pinned,
            ReturnProbeGate gate) {
        this.attachments = new Attachments(gate);
        this.plan = plan;
        this.following = following;
        this.maps = maps;
        this.programs = programs;
        this.stats = stats;
        this.pinned = pinned;
    }

    /**
     * Loads everything, then traces {@code roots} and their live descendants. The fork follower
     * runs before the descendants are listed, so no child can slip between the two.
     */
    public static TraceSession open(
            ProbePlan plan, HdrLayout layout, List<ProcessId> roots, Following following)
            throws IOException {
        return open(plan, layout, roots, following, ReturnProbeGate.NONE);
    }

    /** As above, asking {@code gate} before return probes go into a process met after the start. */
    public static TraceSession open(
            ProbePlan plan,
            HdrLayout layout,
            List<ProcessId> roots,
            Following following,
            ReturnProbeGate gate)
            throws IOException {
        PinnedBinaries pinned = new PinnedBinaries();
        TraceMaps maps;
        LoadedPrograms programs = null;
        BpfStats stats = null;
        try {
            plan = pinned.pin(plan);
            maps = TraceMaps.create(layout);
        } catch (IOException | RuntimeException e) {
            pinned.close();
            throw e;
        }
        try {
            programs = LoadedPrograms.load(plan, maps, following);
            stats = BpfStats.enableIfPermitted(); // an extra: the cost comes from firings counted
            // in the programs
        } catch (IOException | RuntimeException e) {
            if (programs != null) programs.close();
            maps.close();
            pinned.close();
            throw e;
        }
        TraceSession s = new TraceSession(plan, following, maps, programs, stats, pinned, gate);
        try {
            s.firings(); // the first read of the counters, off the budget's first check
            for (ProcessId root : roots) maps.addTgid(root.pid());
            s.follower = ProcessFollower.start(maps);
            for (ProcessId root : roots) {
                s.follow(root);
                for (int child : Procs.descendants(root.pid())) {
                    ProcessId id = ProcessId.current(child);
                    if (id != null) s.follow(id);
                }
            }
            s.attachShared();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Whether a function's entry and return share one uprobe session link. */
    public boolean sessionLink() {
        return programs.session();
    }

    /** How entry and return are probed ({@link LoadedPrograms#linking()}), or null. */
    public String returnLinking() {
        return programs.linking();
    }

    public Following following() {
        return following;
    }

    private boolean binaryWide() {
        return following == Following.BINARY_WIDE && plan.perProcess();
    }

    private void attachShared() throws IOException {
        if (binaryWide()) shared.addAll(attachments.attachUprobes(-1, plan.sites(), programs));
        shared.addAll(attachments.attachTracepoints(plan.sites(), programs));
    }

    /**
     * Adds a live process to the traced set (in the kernel too) and, per process, attaches to it.
     */
    private void follow(ProcessId id) throws IOException {
        if (processes.containsKey(id)) return;
        maps.addTgid(id.pid());
        boolean attachHere = probing && plan.perProcess() && !binaryWide();
        List<Attachments.Attached> events =
                attachHere
                        ? attachments.attachUprobes(id.pid(), plan.sites(), programs)
                        : List.of();
        processes.put(id, new ArrayList<>(events));
        if (everTraced.add(id.pid())) newlyAttached.add(id.pid());
    }

    /** Pids traced since the last call (the root and descendants found at start included). */
    public List<Integer> drainNewlyAttached() {
        List<Integer> out = List.copyOf(newlyAttached);
        newlyAttached.clear();
        return out;
    }

    /**
     * Lets go of processes that exited, then takes in the children forked since the last call (the
     * kernel traces them already; per process, they are attached now). In that order, a child
     * forked by a member just before the member exited is always seen. Returns the number of live
     * traced processes.
     */
    public int poll() throws IOException {
        if (detached) return 0;
        List<Attachments.Attached> gone = new ArrayList<>();
        processes
                .entrySet()
                .removeIf(
                        en -> {
                            if (en.getKey().alive()) return false;
                            gone.addAll(en.getValue());
                            if (!follower.exitsInKernel()) {
                                try {
                                    maps.removeTgid(en.getKey().pid());
                                } catch (IOException ignored) {
                                    // a stale entry matches nothing once the pid is gone
                                }
                            }
                            return true;
                        });
        if (!gone.isEmpty()) attachments.closeAll(gone);
        for (int child : follower.drainForks()) {
            if (everTraced.add(child))
                newlyAttached.add(child); // traced in the kernel from its first instruction
            ProcessId id = ProcessId.current(child);
            if (id == null) continue; // already gone: it lived and was traced between two polls
            try {
                follow(id);
            } catch (IOException e) {
                // The child may exit between fork and attach; anything else is worth saying.
                if (id.alive())
                    warnings.add(
                            "could not attach to child process " + child + ": " + e.getMessage());
            }
        }
        return processes.size();
    }

    /** Traces {@code pid} too (and what it forks from now on), unless it already is or is gone. */
    public void adopt(int pid) throws IOException {
        if (detached) return;
        ProcessId id = ProcessId.current(pid);
        if (id == null || processes.containsKey(id)) return;
        try {
            follow(id);
        } catch (ReturnProbeRefusedException e) {
            // a return probe could kill it: leave it alone, keep tracing the others, and say so
            // once
            if (!warnings.contains(e.getMessage())) warnings.add(e.getMessage());
        } catch (IOException e) {
            if (id.alive()) throw e;
        }
    }

    /** Exact histogram counts so far, summed over CPUs, indexed as {@link HdrLayout}. */
    public long[] counts() throws IOException {
        return maps.histogram.sumAll();
    }

    public long counter(Counter c) throws IOException {
        return maps.counter(c);
    }

    /** Calls entered and not yet ended at {@code nowNanos} (CLOCK_MONOTONIC). */
    public InFlightCalls inFlight(long nowNanos) throws IOException {
        return InFlightCalls.in(maps.starts, nowNanos);
    }

    /**
     * Program runs on behalf of the traced processes so far, counted by the programs themselves.
     */
    public long firings() throws IOException {
        return maps.counter(Counter.FIRINGS);
    }

    /** {@link #firings()} per CPU: where the programs ran (a cost per firing differs by CPU). */
    public long[] firingsPerCpu() throws IOException {
        return maps.counterPerCpu(Counter.FIRINGS);
    }

    /**
     * Whether {@link #programStats()} advances: the kernel's run time needs BPF_ENABLE_STATS
     * (CAP_SYS_ADMIN).
     */
    public boolean bpfTimeMeasured() {
        return stats != null;
    }

    /**
     * Run count and BPF time of all programs as the kernel's stats count them, cumulative (take
     * differences); they stand still unless {@link #bpfTimeMeasured()} (or another process on the
     * node turned stats on).
     */
    public ProgramStats programStats() throws IOException {
        long runs = 0, nanos = 0;
        List<BpfProgram> all = programs.all();
        for (BpfProgram p : all) {
            ProgramStats s = p.stats();
            runs += s.runCount();
            nanos += s.runTimeNanos();
        }
        return new ProgramStats(runs, nanos);
    }

    public int processesTraced() {
        return everTraced.size();
    }

    /** Every process traced so far, live or not. */
    public Set<Integer> tracedPids() {
        return java.util.Collections.unmodifiableSet(everTraced);
    }

    /**
     * CPU time putting probes in and taking them out has burned so far (see {@link Attachments}).
     */
    public long transitionCpuNanos() {
        return attachments.attachCpuNanos() + attachments.closeCpuNanos();
    }

    public List<String> warnings() {
        return warnings;
    }

    public long mapBytes() {
        return maps.kernelBytes();
    }

    /**
     * Firings of binary-wide probes in processes outside the target (other processes mapping the
     * binary).
     */
    public long otherProcessFirings() throws IOException {
        return maps.counter(Counter.OTHER_PROCESS_FIRINGS);
    }

    /**
     * Takes the probes out (closing the perf events is the only way to stop paying for them) while
     * still following forks, and forgets calls in flight: a start left in the map would otherwise
     * pair with the end of a later call after {@link #resume()}. Returns how many in-flight starts
     * were dropped.
     *
     * <p>Entry probes come out before return probes, as at the end of a trace. Closed together, the
     * two links of one function queue on the kernel's lock for that uprobe, and when the return
     * link went first the entry program kept running alone for the length of one close (tens of ms,
     * thousands of calls at 100 k/s): entries whose return never ran, which once filled a thread's
     * stack of open calls. In this order the entry stops first and the calls already in flight
     * still end measured.
     */
    public long suspend() throws IOException {
        if (detached || !probing) return 0;
        probing = false;
        List<Attachments.Attached> all = new ArrayList<>(shared);
        processes.values().forEach(all::addAll);
        attachments.closeAll(all);
        shared.clear();
        processes.values().forEach(List::clear);
        long dropped = 0;
        for (long key : maps.starts.keys()) if (maps.starts.delete(key)) dropped++;
        for (long key : maps.depths.keys()) maps.depths.delete(key);
        return dropped;
    }

    /** Puts the probes back: once for the binary, or into every live traced process. */
    public void resume() throws IOException {
        if (detached || probing) return;
        probing = true;
        if (!binaryWide() && plan.perProcess()) {
            for (Map.Entry<ProcessId, List<Attachments.Attached>> en : processes.entrySet()) {
                if (!en.getKey().alive()) continue;
                try {
                    en.getValue()
                            .addAll(
                                    attachments.attachUprobes(
                                            en.getKey().pid(), plan.sites(), programs));
                } catch (IOException e) {
                    if (en.getKey().alive()) throw e;
                }
            }
        }
        attachShared();
    }

    public boolean probing() {
        return probing && !detached;
    }

    /**
     * Removes every probe and stops following forks; counts read afterwards are final. Idempotent.
     */
    public void detach() {
        if (detached) return;
        detached = true;
        List<Attachments.Attached> all = new ArrayList<>(shared);
        processes.values().forEach(all::addAll);
        attachments.closeAll(all);
        shared.clear();
        processes.clear();
        if (follower != null) {
            try {
                everTraced.addAll(
                        follower.drainForks()); // forked since the last poll: they were traced too
            } catch (IOException ignored) {
                // only the processesTraced figure would be short
            }
            follower.close();
        }
    }

    @Override
    public void close() {
        detach();
        attachments.close();
        programs.close();
        if (stats != null) stats.close();
        maps.close();
        pinned.close();
    }
}
