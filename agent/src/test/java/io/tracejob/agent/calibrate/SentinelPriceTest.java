package io.tracejob.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a burst becomes a price, without a kernel. */
class SentinelPriceTest {
    @Test
    void aBurstIsPricedPerFiringBeyondItsUntracedCost() {
        // 7,000 ns a call traced, 2 ns untraced, two firings a call
        assertThat(Burst.price(7_002, 2, 2, 100)).isEqualTo(3_500.0);
    }

    @Test
    void aDisturbedBurstNeverPricesFiringsBelowTheFloor() {
        // the reference call took longer than the traced one: the difference says nothing
        assertThat(Burst.price(-40, 38, 2, 175)).isEqualTo(175.0);
        assertThat(Burst.price(300, 38, 2, 175)).isEqualTo(175.0);
    }
}
