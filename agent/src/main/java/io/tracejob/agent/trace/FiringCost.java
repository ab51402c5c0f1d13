package io.tracejob.agent.trace;

import java.util.Arrays;

/**
 * The probes' firings priced as they come: each firing counted since the last look is charged at
 * the price of that moment and of the CPU it fired on, so a price that moves during the trace (a
 * {@link FiringPrice}) prices each part of the trace by its own figure, and a charge once made
 * never changes (the budget's differences across a take-out stay what they were).
 */
final class FiringCost {
    private final FiringPrice price;
    private long[] charged = new long[0];
    private double nanos;

    FiringCost(FiringPrice price) {
        this.price = price;
    }

    /**
     * The cost of the firings counted so far ({@code perCpu}: a running count per CPU), charging
     * the new ones now, each at its CPU's price, and telling the price where they fired.
     */
    double nanos(long[] perCpu) {
        if (charged.length < perCpu.length) charged = Arrays.copyOf(charged, perCpu.length);
        long[] fresh = new long[perCpu.length];
        boolean any = false;
        for (int cpu = 0; cpu < perCpu.length; cpu++) {
            long n = perCpu[cpu] - charged[cpu];
            if (n <= 0) continue;
            nanos += n * price.nanosPerFiring(cpu);
            charged[cpu] = perCpu[cpu];
            fresh[cpu] = n;
            any = true;
        }
        if (any) price.fired(fresh);
        return nanos;
    }
}
