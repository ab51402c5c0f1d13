package io.tracejob.agent.bpftrace;

import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.agent.trace.TraceRequest;
import io.tracejob.agent.trace.Tracer;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The native engine on a background thread, as the CLI runs it (same pattern as trace.TracerHarness). */
final class NativeHarness implements AutoCloseable {
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch attached = new CountDownLatch(1);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<Result> result;

    static NativeHarness start(Probe probe, int pid) throws Exception {
        NativeHarness h = new NativeHarness();
        ProcessId root = ProcessId.current(pid);
        if (root == null) throw new IllegalStateException("no process " + pid);
        TraceRequest req = new TraceRequest(ProbePlanner.plan(probe, Path.of("/proc/" + pid + "/root")), root, Duration.ofMinutes(5),
                Duration.ofSeconds(1), 2, 100.0, OnExceed.Stop, new PrintStream(h.output, true, StandardCharsets.UTF_8), h.stop, h.attached::countDown);
        h.result = h.executor.submit(() -> new Tracer(req).run());
        return h;
    }

    void awaitAttached() throws Exception {
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            if (result.isDone()) result.get();
        }
    }

    Result stopAndGet() throws Exception {
        stop.trigger("test");
        return result.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop.trigger("test cleanup");
        executor.shutdown();
    }
}
