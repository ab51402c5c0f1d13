package io.tracejob.agent.trace;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, to measure what a transition (attaching, taking the probes out,
 * putting them back) burns: the kernel installs and removes breakpoints on the thread that asks.
 * Wall time would overcharge — a close spends most of its 35–170 ms waiting for an RCU grace
 * period, which costs nobody CPU — and the whole process's CPU would charge the JIT and the garbage
 * collector to the probes.
 */
public final class ThreadCpu {
    private ThreadCpu() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static long nanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
