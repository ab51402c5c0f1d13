package io.tracejob.agent.trace;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a request to stop: the tracer detaches, reads the final counts and
 * writes its Result before the process exits, instead of the JVM dying with the probes' data.
 */
public final class StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String name;

    /** Installs handlers for INT and TERM that trigger this signal. */
    public StopSignal installHandlers() {
        for (String sig : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(sig), s -> trigger("SIG" + s.getName()));
        }
        return this;
    }

    public void trigger(String why) {
        if (name == null) name = why;
        stop.countDown();
    }

    /** Waits up to {@code nanos}; true when a stop was requested. */
    public boolean await(long nanos) throws InterruptedException {
        return stop.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    public boolean triggered() {
        return stop.getCount() == 0;
    }

    public String name() {
        return name;
    }
}
