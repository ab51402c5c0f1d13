package io.tracejob.agent.bpftrace;

import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BpftraceRunner} on a background thread, stopped the way the agent's SIGTERM stops it.
 */
final class BpftraceHarness implements AutoCloseable {
    final StopSignal stop = new StopSignal();
    private final CountDownLatch attached = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Future<Result> result;

    static BpftraceHarness start(BpftraceProgram program) {
        BpftraceHarness h = new BpftraceHarness();
        BpftraceRunner runner =
                new BpftraceRunner(program, h.stop).onAttached(h.attached::countDown);
        h.result = h.executor.submit(runner::run);
        return h;
    }

    void awaitAttached() throws Exception {
        while (!attached.await(50, TimeUnit.MILLISECONDS)) {
            if (result.isDone()) result.get();
        }
    }

    Result stopAndGet() throws Exception {
        stop.trigger("SIGTERM");
        return result.get(60, TimeUnit.SECONDS);
    }

    Result get() throws Exception {
        return result.get(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop.trigger("test cleanup");
        executor.shutdown();
    }
}
