package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.UprobeMultiLink;
import io.tracejob.agent.perf.PerfEvent;
import io.tracejob.agent.probe.Role;
import io.tracejob.agent.probe.Site;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open probes of one trace (uprobe links or perf events). Closing a uprobe blocks its caller for
 * tens of milliseconds while the kernel removes the breakpoint, so events are closed on a small
 * pool, many at once.
 *
 * <p>Order at the edges: end probes are opened before start probes and closed after them, so every
 * call whose start was recorded also has its end recorded (a call that starts while only the end
 * probe is in place is an end without start, counted and reported, never a wrong pairing).
 */
final class Attachments implements AutoCloseable {
    private final ExecutorService closer =
            Executors.newFixedThreadPool(
                    4,
                    r -> {
                        Thread t = new Thread(r, "tj-detach");
                        t.setDaemon(true);
                        return t;
                    });

    private final ReturnProbeGate gate;
    private final AtomicLong closeCpuNanos = new AtomicLong();

    /**
     * CPU ns this thread spent in the kernel calls that put probes in, cumulative: what an attach
     * is charged. The rest of an attach (maps, programs, the JVM's first run of this code) is the
     * agent's, not the target's.
     */
    private final AtomicLong attachCpuNanos = new AtomicLong();

    Attachments(ReturnProbeGate gate) {
        this.gate = gate;
    }

    /** One open probe (a perf event or a BPF link) and the role of the program it runs. */
    record Attached(Role role, AutoCloseable probe) {
        void close() {
            try {
                probe.close();
            } catch (Exception ignored) {
                // closing a kernel fd reports nothing the trace can act on; the probe is gone
                // either way
            }
        }
    }

    /**
     * Attaches every uprobe site to process {@code pid} (a tgid), or to every process that maps the
     * binary when {@code pid} is -1; on failure closes what it opened. With uprobe_multi links, the
     * sites of one role and binary share one link.
     */
    List<Attached> attachUprobes(int pid, List<Site> sites, LoadedPrograms programs)
            throws IOException {
        // a process met after the start check (binary-wide: the members were checked before the
        // trace started)
        if (pid > 0) gate.requireSafe(sites, pid);
        List<Attached> opened = new ArrayList<>();
        try {
            List<Site.Uprobe> uprobes =
                    endsFirst(sites).stream()
                            .filter(s -> s instanceof Site.Uprobe)
                            .map(s -> (Site.Uprobe) s)
                            .toList();
            if (programs.uprobeLinks()) {
                // a session program runs at both ends from the entries' link alone
                if (programs.session())
                    uprobes = uprobes.stream().filter(u -> u.role() == Role.START).toList();
                Map<List<Object>, List<Site.Uprobe>> groups = new LinkedHashMap<>();
                for (Site.Uprobe u : uprobes)
                    groups.computeIfAbsent(
                                    List.of(u.role(), u.binary(), u.returnProbe()),
                                    k -> new ArrayList<>())
                            .add(u);
                for (List<Site.Uprobe> g : groups.values()) {
                    Site.Uprobe first = g.get(0);
                    List<Long> offsets = g.stream().map(Site.Uprobe::fileOffset).toList();
                    List<Long> refCtrs = g.stream().map(Site.Uprobe::refCtrOffset).toList();
                    // only the kernel call is timed: the JVM's first run of the code around it is
                    // the agent's cost, not a transition's
                    long cpu = ThreadCpu.nanos();
                    try {
                        opened.add(
                                new Attached(
                                        first.role(),
                                        UprobeMultiLink.attach(
                                                programs.get(first.role()),
                                                programs.session(),
                                                first.binary(),
                                                offsets,
                                                refCtrs,
                                                first.returnProbe(),
                                                pid < 0 ? 0 : pid)));
                    } finally {
                        attachCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
                    }
                }
                return opened;
            }
            long cpu = ThreadCpu.nanos();
            try {
                for (Site.Uprobe u : uprobes) {
                    PerfEvent e =
                            PerfEvent.uprobe(
                                    u.binary(),
                                    u.fileOffset(),
                                    u.returnProbe(),
                                    pid,
                                    u.refCtrOffset());
                    opened.add(new Attached(u.role(), e));
                    e.attach(programs.get(u.role()));
                }
            } finally {
                attachCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.forEach(Attached::close);
            throw e;
        }
    }

    List<Attached> attachTracepoints(List<Site> sites, LoadedPrograms programs) throws IOException {
        List<Attached> opened = new ArrayList<>();
        long cpu = ThreadCpu.nanos();
        try {
            for (Site s : endsFirst(sites)) {
                if (s instanceof Site.Tracepoint t) {
                    PerfEvent e = PerfEvent.tracepoint(t.id());
                    opened.add(new Attached(t.role(), e));
                    e.attach(programs.get(t.role()));
                }
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.forEach(Attached::close);
            throw e;
        } finally {
            attachCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
        }
    }

    private static List<Site> endsFirst(List<Site> sites) {
        return sites.stream()
                .sorted(Comparator.comparing(s -> s.role() == Role.END ? 0 : 1))
                .toList();
    }

    /** CPU time spent putting probes in so far. */
    long attachCpuNanos() {
        return attachCpuNanos.get();
    }

    /**
     * Closes all probes, those of start (and event) programs first, then ends, so calls in flight
     * still end; waits until every one is closed.
     */
    void closeAll(List<Attached> events) {
        closeTogether(events.stream().filter(a -> a.role() != Role.END).toList());
        closeTogether(events.stream().filter(a -> a.role() == Role.END).toList());
    }

    /**
     * CPU time the pool's threads spent closing probes, cumulative (a close mostly waits, which
     * costs no CPU).
     */
    long closeCpuNanos() {
        return closeCpuNanos.get();
    }

    private void closeTogether(List<Attached> events) {
        if (events.size() == 1) {
            // one link (a session's, say): closed here, not handed to the pool — on a busy node the
            // handoff took ms in which the breakpoint stayed in
            long cpu = ThreadCpu.nanos();
            events.get(0).close();
            closeCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
            return;
        }
        List<Future<?>> pending = new ArrayList<>();
        for (Attached e : events) {
            pending.add(
                    closer.submit(
                            () -> {
                                long cpu = ThreadCpu.nanos();
                                e.close();
                                closeCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
                            }));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (Exception ignored) {
                // close() reports nothing useful to the trace; the event is gone either way
            }
        }
    }

    @Override
    public void close() {
        closer.shutdown();
        try {
            closer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
