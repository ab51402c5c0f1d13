package io.tracejob.agent.calibrate;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.trace.ProcessId;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.agent.trace.TraceRequest;
import io.tracejob.agent.trace.Tracer;
import io.tracejob.agent.trace.TrapCosts;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real engine ({@link Tracer}) tracing the calibration target on a background thread, from
 * attach until {@link #finish()}: the same programs, attach sites and stats a {@code run} uses.
 */
final class TracedWindow implements AutoCloseable {
    /**
     * far above anything calibration costs, so the budget never takes the probes out
     * mid-measurement
     */
    private static final double NO_BUDGET_PERCENT = 1e9;

    private static final Duration LONGEST = Duration.ofHours(1);

    private final StopSignal stop = new StopSignal();
    private final CountDownLatch attached = new CountDownLatch(1);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "calibrate-tracer");
                        t.setDaemon(true);
                        return t;
                    });
    private final Future<Result> result;

    private TracedWindow(ProbePlan plan, ProcessId target) {
        TraceRequest req =
                new TraceRequest(
                        plan,
                        List.of(target),
                        LONGEST,
                        LONGEST,
                        2,
                        NO_BUDGET_PERCENT,
                        OnExceed.Stop,
                        new PrintStream(log, true, StandardCharsets.UTF_8),
                        stop,
                        attached::countDown,
                        null,
                        TrapCosts.defaults());
        result = executor.submit(() -> new Tracer(req).run());
    }

    /** Starts tracing and returns once every probe is attached. */
    static TracedWindow open(ProbePlan plan, long pid) throws IOException, InterruptedException {
        ProcessId target = ProcessId.current((int) pid);
        if (target == null) throw new IOException("calibration target " + pid + " is gone");
        TracedWindow w = new TracedWindow(plan, target);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!w.attached.await(50, TimeUnit.MILLISECONDS)) {
                if (w.result.isDone()) w.result(); // throws the tracer's own failure
                if (System.nanoTime() > deadline)
                    throw new IOException("probes were not attached within 60 s: " + w.log());
            }
            return w;
        } catch (IOException | InterruptedException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * Detaches and returns the trace's Result, whose overhead holds the session's firings and BPF
     * time.
     */
    Result finish() throws IOException, InterruptedException {
        stop.trigger("calibration done");
        return result();
    }

    private Result result() throws IOException, InterruptedException {
        try {
            return result.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(
                    "tracing the calibration target failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the tracer did not stop within 120 s");
        }
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() throws InterruptedException {
        stop.trigger("calibration cleanup");
        executor.shutdown();
        // the session releases its probes on the tracer thread: wait, so no probe outlives
        // calibration
        if (!executor.awaitTermination(60, TimeUnit.SECONDS))
            throw new IllegalStateException("tracer did not stop within 60 s");
    }
}
