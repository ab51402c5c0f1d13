package io.tracejob.agent.testsupport;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.trace.FiringPrice;
import io.tracejob.agent.trace.Following;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.ReturnProbeGate;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.agent.trace.TraceRequest;
import io.tracejob.agent.trace.Tracer;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a real {@link Tracer} on a background thread, the way the CLI does, for tests to drive. */
public final class TracerHarness implements AutoCloseable {
    final StopSignal stop = new StopSignal();
    final CountDownLatch attached = new CountDownLatch(1);
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<Result> result;

    public static TracerHarness start(Probe probe, int pid, Duration duration) throws Exception {
        return start(
                ProbePlanner.plan(probe, Path.of("/proc/" + pid + "/root")),
                pid,
                duration,
                Duration.ofSeconds(1),
                100.0,
                OnExceed.Stop);
    }

    public static TracerHarness start(
            ProbePlan plan,
            int pid,
            Duration duration,
            Duration interval,
            double budget,
            OnExceed onExceed) {
        return start(plan, pid, duration, interval, budget, onExceed, null);
    }

    /**
     * @param following forced, or null for the agent's own choice
     */
    public static TracerHarness start(Probe probe, int pid, Duration duration, Following following)
            throws Exception {
        return start(
                ProbePlanner.plan(probe, Path.of("/proc/" + pid + "/root")),
                pid,
                duration,
                Duration.ofSeconds(1),
                100.0,
                OnExceed.Stop,
                following);
    }

    public static TracerHarness start(
            ProbePlan plan,
            int pid,
            Duration duration,
            Duration interval,
            double budget,
            OnExceed onExceed,
            Following following) {
        return start(plan, pid, duration, interval, budget, onExceed, following, null);
    }

    /**
     * @param live a figure that moves during the trace ({@link Tracer#Tracer(TraceRequest,
     *     FiringPrice)}), or null
     */
    public static TracerHarness start(
            ProbePlan plan,
            int pid,
            Duration duration,
            Duration interval,
            double budget,
            OnExceed onExceed,
            Following following,
            FiringPrice live) {
        TracerHarness h = new TracerHarness();
        ProcessId root = ProcessId.current(pid);
        if (root == null) throw new IllegalStateException("no process " + pid);
        TraceRequest req =
                new TraceRequest(
                        plan,
                        List.of(root),
                        duration,
                        interval,
                        2,
                        budget,
                        onExceed,
                        new PrintStream(h.output, true, StandardCharsets.UTF_8),
                        h.stop,
                        h.attached::countDown,
                        null,
                        TrapCosts.defaults(),
                        following,
                        ReturnProbeGate.NONE);
        h.result = h.executor.submit(() -> new Tracer(req, live).run());
        return h;
    }

    /** Waits until every probe is attached; fails with the tracer's own error if it died first. */
    public void awaitAttached() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            if (result.isDone()) result.get(); // throws the tracer's failure
            if (System.nanoTime() > deadline)
                throw new AssertionError("tracer did not attach within 60 s; output:\n" + output());
        }
    }

    public Result stopAndGet() throws Exception {
        stop.trigger("test");
        return result.get(60, TimeUnit.SECONDS);
    }

    public Result get() throws Exception {
        return result.get(120, TimeUnit.SECONDS);
    }

    public String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        stop.trigger("test cleanup");
        executor.shutdown();
        // the session releases its probes on the tracer thread: wait, so no probe outlives the test
        if (!executor.awaitTermination(60, TimeUnit.SECONDS))
            throw new IllegalStateException("tracer did not stop within 60 s");
    }
}
