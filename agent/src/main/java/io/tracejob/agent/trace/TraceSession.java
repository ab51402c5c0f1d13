package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfMap;
import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.BpfStats;
import io.tracejob.agent.bpf.ProgramStats;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.perf.PerfEvent;
import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.proc.Procs;
import io.tracejob.agent.programs.Counter;
import io.tracejob.agent.programs.ProbePrograms;
import io.tracejob.agent.programs.TraceMaps;
import io.tracejob.agent.tracefs.TracepointField;
import io.tracejob.agent.tracefs.TracepointInfo;
import io.tracejob.agent.tracefs.Tracefs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel side of one trace: maps, programs, and the perf events that attach them to the target
 * process and every descendant it forks. Single-threaded by design: the tracer's loop calls
 * {@link #poll()}; only closing events runs on helper threads.
 */
public final class TraceSession implements AutoCloseable {
    private final ProbePlan plan;
    private final TraceMaps maps;
    private final LoadedPrograms programs;
    private final BpfStats stats;
    private final Attachments attachments = new Attachments();
    private final Map<ProcessId, List<PerfEvent>> processes = new LinkedHashMap<>();
    private final Set<Integer> everTraced = new TreeSet<>();
    /** tracepoint events of the plan (not the fork watcher) */
    private final List<PerfEvent> systemWide = new ArrayList<>();
    private BpfProgram forkWatcher;
    private PerfEvent forkEvent;
    private boolean detached;
    /** false while duty cycling keeps the probes off; processes are still followed */
    private boolean probing = true;
    private final List<String> warnings = new ArrayList<>();
    private final List<Integer> newlyAttached = new ArrayList<>();

    private TraceSession(ProbePlan plan, TraceMaps maps, LoadedPrograms programs, BpfStats stats) {
        this.plan = plan;
        this.maps = maps;
        this.programs = programs;
        this.stats = stats;
    }

    /**
     * Loads everything, then attaches to {@code root} and its live descendants. The fork watcher is
     * attached before the descendants are listed, so no child can slip between the two.
     */
    public static TraceSession open(ProbePlan plan, HdrLayout layout, List<ProcessId> roots) throws IOException {
        TraceMaps maps = TraceMaps.create(layout);
        LoadedPrograms programs = null;
        BpfStats stats = null;
        try {
            programs = LoadedPrograms.load(plan, maps);
            stats = BpfStats.enableIfPermitted(); // an extra: the cost comes from firings counted in the programs
        } catch (IOException | RuntimeException e) {
            if (programs != null) programs.close();
            maps.close();
            throw e;
        }
        TraceSession s = new TraceSession(plan, maps, programs, stats);
        try {
            for (ProcessId root : roots) maps.addTgid(root.pid());
            s.startForkWatcher();
            for (ProcessId root : roots) {
                s.attach(root);
                for (int child : Procs.descendants(root.pid())) {
                    ProcessId id = ProcessId.current(child);
                    if (id != null) s.attach(id);
                }
            }
            s.systemWide.addAll(s.attachments.attachTracepoints(plan.sites(), programs));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startForkWatcher() throws IOException {
        TracepointInfo fork = Tracefs.find("fork watcher", "sched", "sched_process_fork");
        int childPid = fork.fields().stream().filter(f -> f.name().equals("child_pid")).mapToInt(TracepointField::offset)
                .findFirst().orElseThrow(() -> new IOException("sched:sched_process_fork has no child_pid field"));
        forkWatcher = BpfProgram.load(ProgramType.TRACEPOINT, "tj_fork", ProbePrograms.forkWatcher(maps, childPid), "GPL");
        forkEvent = PerfEvent.tracepoint(fork.id());
        forkEvent.attach(forkWatcher);
    }

    private void attach(ProcessId id) throws IOException {
        if (processes.containsKey(id)) return;
        maps.addTgid(id.pid());
        List<PerfEvent> events = probing && plan.perProcess() ? attachments.attachProcess(id.pid(), plan.sites(), programs) : List.of();
        processes.put(id, new ArrayList<>(events));
        everTraced.add(id.pid());
        newlyAttached.add(id.pid());
    }

    /** Pids attached to since the last call (the root and descendants found at start included). */
    public List<Integer> drainNewlyAttached() {
        List<Integer> out = List.copyOf(newlyAttached);
        newlyAttached.clear();
        return out;
    }

    /**
     * Attaches to processes forked since the last call and lets go of those that exited. Returns the
     * number of live traced processes.
     */
    public int poll() throws IOException {
        if (detached) return 0;
        for (int child : drainForks()) {
            if (!ProcessId.isProcess(child)) continue; // a new thread: its process is already traced
            ProcessId id = ProcessId.current(child);
            if (id == null) continue;
            try {
                attach(id);
            } catch (IOException e) {
                // The child may exit between fork and attach; anything else is worth saying.
                if (id.alive()) warnings.add("could not attach to child process " + child + ": " + e.getMessage());
            }
        }
        List<PerfEvent> gone = new ArrayList<>();
        processes.entrySet().removeIf(en -> {
            if (en.getKey().alive()) return false;
            gone.addAll(en.getValue());
            try {
                maps.removeTgid(en.getKey().pid());
            } catch (IOException ignored) {
                // the entry only filters tracepoints; a stale one matches nothing once the pid is gone
            }
            return true;
        });
        if (!gone.isEmpty()) attachments.closeAll(gone);
        return processes.size();
    }

    /** Traces {@code pid} too (and what it forks from now on), unless it already is or is gone. */
    public void adopt(int pid) throws IOException {
        if (detached) return;
        ProcessId id = ProcessId.current(pid);
        if (id == null || processes.containsKey(id)) return;
        try {
            attach(id);
        } catch (IOException e) {
            if (id.alive()) throw e;
        }
    }

    private List<Integer> drainForks() throws IOException {
        List<Integer> children = new ArrayList<>();
        for (byte[] key : maps.forks.keys()) {
            maps.forks.delete(key);
            children.add(ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt());
        }
        return children;
    }

    /** Exact histogram counts so far, summed over CPUs, indexed as {@link HdrLayout}. */
    public long[] counts() throws IOException {
        return maps.histogram.sumPerCpuArray();
    }

    public long counter(Counter c) throws IOException {
        return maps.counter(c);
    }

    /** Calls entered and not yet ended, and the age of the oldest, at {@code nowNanos} (CLOCK_MONOTONIC). */
    public InFlightCalls inFlight(long nowNanos) throws IOException {
        long count = 0, oldest = Long.MAX_VALUE;
        for (BpfMap.Entry e : maps.starts.entries()) {
            count++;
            oldest = Math.min(oldest, ByteBuffer.wrap(e.value()).order(ByteOrder.nativeOrder()).getLong());
        }
        return new InFlightCalls(count, count == 0 ? 0 : Math.max(0, nowNanos - oldest));
    }

    public record InFlightCalls(long count, long oldestNanos) {}

    /** Program runs on behalf of the traced processes so far, counted by the programs themselves. */
    public long firings() throws IOException {
        return maps.counter(Counter.FIRINGS);
    }

    /** Whether {@link #programStats()} advances: the kernel's run time needs BPF_ENABLE_STATS (CAP_SYS_ADMIN). */
    public boolean bpfTimeMeasured() {
        return stats != null;
    }

    /**
     * Run count and BPF time of all programs as the kernel's stats count them, cumulative (take differences);
     * they stand still unless {@link #bpfTimeMeasured()} (or another process on the node turned stats on).
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

    /** CPU time putting probes in and taking them out has burned so far (see {@link Attachments}). */
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
     * Takes the probes out of every traced process (closing the perf events is the only way to stop
     * paying for them) while still following forks, and forgets calls in flight: a start left in the map
     * would otherwise pair with the end of a later call after {@link #resume()}. Returns how many
     * in-flight starts were dropped.
     */
    public long suspend() throws IOException {
        if (detached || !probing) return 0;
        probing = false;
        List<PerfEvent> all = new ArrayList<>(systemWide);
        processes.values().forEach(all::addAll);
        attachments.closeAll(all);
        systemWide.clear();
        processes.values().forEach(List::clear);
        long dropped = 0;
        for (byte[] key : maps.starts.keys()) if (maps.starts.delete(key)) dropped++;
        return dropped;
    }

    /** Puts the probes back into every live traced process. */
    public void resume() throws IOException {
        if (detached || probing) return;
        probing = true;
        for (Map.Entry<ProcessId, List<PerfEvent>> en : processes.entrySet()) {
            if (!en.getKey().alive() || !plan.perProcess()) continue;
            try {
                en.getValue().addAll(attachments.attachProcess(en.getKey().pid(), plan.sites(), programs));
            } catch (IOException e) {
                if (en.getKey().alive()) throw e;
            }
        }
        systemWide.addAll(attachments.attachTracepoints(plan.sites(), programs));
    }

    public boolean probing() {
        return probing && !detached;
    }

    /** Removes every probe and stops following forks; counts read afterwards are final. Idempotent. */
    public void detach() {
        if (detached) return;
        detached = true;
        List<PerfEvent> all = new ArrayList<>(systemWide);
        processes.values().forEach(all::addAll);
        if (forkEvent != null) all.add(forkEvent);
        attachments.closeAll(all);
        systemWide.clear();
        processes.clear();
        forkEvent = null;
    }

    @Override
    public void close() {
        detach();
        attachments.close();
        if (forkWatcher != null) forkWatcher.close();
        programs.close();
        if (stats != null) stats.close();
        maps.close();
    }
}
