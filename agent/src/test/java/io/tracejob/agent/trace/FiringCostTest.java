package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FiringCostTest {
    @Test
    void eachFiringIsChargedAtThePriceOfWhenItWasCounted() {
        AtomicLong price = new AtomicLong(1_000);
        FiringCost cost = new FiringCost(price::get);
        assertThat(cost.nanos(100)).isEqualTo(100_000.0);
        price.set(3_000);
        // the first 100 keep their price; only the 50 new ones pay the new one
        assertThat(cost.nanos(150)).isEqualTo(100_000.0 + 150_000.0);
    }

    @Test
    void aChargeIsNeverTakenBackSoADifferenceAcrossATakeOutStaysWhatItWas() {
        AtomicLong price = new AtomicLong(2_000);
        FiringCost cost = new FiringCost(price::get);
        double before = cost.nanos(10);
        price.set(500);
        double same = cost.nanos(10);
        assertThat(same).isEqualTo(before);
        assertThat(cost.nanos(12) - before).isEqualTo(1_000.0);
    }
}
