package io.tracejob.agent.trace;

import java.util.function.DoubleSupplier;

/**
 * The probes' firings priced as they come: each firing counted since the last look is charged at
 * the price of that moment, so a price that moves during the trace (a {@link FiringPrice}) prices
 * each part of the trace by its own figure, and a charge once made never changes (the budget's
 * differences across a take-out stay what they were).
 */
final class FiringCost {
    private final DoubleSupplier price;
    private long charged;
    private double nanos;

    FiringCost(DoubleSupplier price) {
        this.price = price;
    }

    /** The cost of {@code firings} firings in all (a running count), charging the new ones now. */
    double nanos(long firings) {
        if (firings > charged) {
            nanos += (firings - charged) * price.getAsDouble();
            charged = firings;
        }
        return nanos;
    }
}
