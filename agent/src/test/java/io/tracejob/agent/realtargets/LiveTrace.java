package io.tracejob.agent.realtargets;

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

/**
 * A real {@link Tracer} on a background thread, driven the way the CLI drives it, against a process
 * this package does not own (a database server, an interpreter).
 */
final class LiveTrace implements AutoCloseable {
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch attached = new CountDownLatch(1);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<Result> result;

    /** Plans {@code probe} against the target's filesystem and starts tracing {@code pid} and its descendants. */
    static LiveTrace start(Probe probe, int pid) throws Exception {
        ProcessId root = ProcessId.current(pid);
        if (root == null) throw new IllegalStateException("no process " + pid + " to trace");
        LiveTrace t = new LiveTrace();
        var plan = ProbePlanner.plan(probe, Path.of("/proc/" + pid + "/root"));
        TraceRequest req = new TraceRequest(plan, root, Duration.ofMinutes(10), Duration.ofMinutes(1), 2, 100.0, OnExceed.Stop,
                new PrintStream(t.output, true, StandardCharsets.UTF_8), t.stop, t.attached::countDown);
        t.result = t.executor.submit(() -> new Tracer(req).run());
        return t;
    }

    /** Waits until every probe is attached; rethrows the tracer's own failure if it died first. */
    void awaitAttached() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            if (result.isDone()) result.get();
            if (System.nanoTime() > deadline) throw new AssertionError("tracer did not attach within 60 s; output:\n" + output());
        }
    }

    Result stopAndGet() throws Exception {
        stop.trigger("test");
        return result.get(60, TimeUnit.SECONDS);
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        stop.trigger("test cleanup");
        executor.shutdown();
        // the session releases its probes on the tracer thread: wait, so no probe outlives the test
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) throw new IllegalStateException("tracer did not stop within 60 s");
    }
}
