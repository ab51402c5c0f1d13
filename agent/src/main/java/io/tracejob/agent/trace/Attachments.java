package io.tracejob.agent.trace;

import io.tracejob.agent.cost.ThreadCpu;
import io.tracejob.agent.perf.PerfEvent;
import io.tracejob.agent.probe.Site;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Open perf events of one trace. Closing a uprobe event blocks its caller for tens of milliseconds while
 * the kernel removes the breakpoint, so events are closed on a small pool, all at once.
 */
final class Attachments implements AutoCloseable {
    private final ExecutorService closer = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "tj-detach");
        t.setDaemon(true);
        return t;
    });

    /**
     * CPU ns this thread spent in the kernel calls that put probes in, cumulative: what an attach is charged. The
     * rest of an attach (maps, programs, the JVM's first run of this code) is the agent's, not the target's.
     */
    private final java.util.concurrent.atomic.AtomicLong attachCpuNanos = new java.util.concurrent.atomic.AtomicLong();

    /** Attaches every uprobe site to one process; on failure closes what it opened. */
    List<PerfEvent> attachProcess(int tgid, List<Site> sites, LoadedPrograms programs) throws IOException {
        List<PerfEvent> opened = new ArrayList<>();
        long cpu = ThreadCpu.nanos();
        try {
            for (Site s : sites) {
                if (s instanceof Site.Uprobe u) {
                    opened.add(PerfEvent.uprobeAttached(u.binary(), u.fileOffset(), u.returnProbe(), tgid, u.refCtrOffset(), programs.get(u.role())));
                }
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.forEach(PerfEvent::close);
            throw e;
        } finally {
            attachCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
        }
    }

    List<PerfEvent> attachTracepoints(List<Site> sites, LoadedPrograms programs) throws IOException {
        List<PerfEvent> opened = new ArrayList<>();
        long cpu = ThreadCpu.nanos();
        try {
            for (Site s : sites) {
                if (s instanceof Site.Tracepoint t) {
                    PerfEvent e = PerfEvent.tracepoint(t.id());
                    opened.add(e);
                    e.attach(programs.get(t.role()));
                }
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.forEach(PerfEvent::close);
            throw e;
        } finally {
            attachCpuNanos.addAndGet(ThreadCpu.nanos() - cpu);
        }
    }

    /** CPU time spent putting probes in so far. */
    long attachCpuNanos() {
        return attachCpuNanos.get();
    }

    /** CPU ns the pool's threads spent closing events, cumulative */
    private final java.util.concurrent.atomic.AtomicLong closeCpuNanos = new java.util.concurrent.atomic.AtomicLong();

    /** Closes all events in parallel and waits until every one is closed. */
    void closeAll(List<PerfEvent> events) {
        List<Future<?>> pending = new ArrayList<>();
        for (PerfEvent e : events) {
            pending.add(closer.submit(() -> {
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

    /** CPU time spent closing events so far (the close itself mostly waits, which costs no CPU). */
    long closeCpuNanos() {
        return closeCpuNanos.get();
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
