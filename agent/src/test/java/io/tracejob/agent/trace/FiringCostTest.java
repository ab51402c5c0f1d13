package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FiringCostTest {
    /** one price for every CPU, remembering where it was told the firings were */
    static class Price implements FiringPrice {
        final AtomicLong nanos;
        final List<long[]> told = new ArrayList<>();

        Price(long nanos) {
            this.nanos = new AtomicLong(nanos);
        }

        @Override
        public double nanosPerFiring() {
            return nanos.get();
        }

        @Override
        public void fired(long[] newFiringsPerCpu) {
            told.add(newFiringsPerCpu.clone());
        }

        @Override
        public String source() {
            return "test";
        }
    }

    @Test
    void eachFiringIsChargedAtThePriceOfWhenItWasCounted() {
        Price price = new Price(1_000);
        FiringCost cost = new FiringCost(price);
        assertThat(cost.nanos(new long[] {100})).isEqualTo(100_000.0);
        price.nanos.set(3_000);
        // the first 100 keep their price; only the 50 new ones pay the new one
        assertThat(cost.nanos(new long[] {150})).isEqualTo(100_000.0 + 150_000.0);
    }

    @Test
    void aChargeIsNeverTakenBackSoADifferenceAcrossATakeOutStaysWhatItWas() {
        Price price = new Price(2_000);
        FiringCost cost = new FiringCost(price);
        double before = cost.nanos(new long[] {10});
        price.nanos.set(500);
        double same = cost.nanos(new long[] {10});
        assertThat(same).isEqualTo(before);
        assertThat(cost.nanos(new long[] {12}) - before).isEqualTo(1_000.0);
    }

    @Test
    void eachCpusFiringsPayThatCpusPriceAndThePriceHearsWhereTheyFired() {
        FiringPrice perCpu =
                new Price(0) {
                    @Override
                    public double nanosPerFiring(int cpu) {
                        return cpu == 0 ? 1_000 : 4_000;
                    }
                };
        FiringCost cost = new FiringCost(perCpu);
        assertThat(cost.nanos(new long[] {10, 2})).isEqualTo(10 * 1_000.0 + 2 * 4_000.0);
        assertThat(cost.nanos(new long[] {10, 5})).isEqualTo(18_000.0 + 3 * 4_000.0);
        cost.nanos(new long[] {10, 5}); // nothing new: nothing to tell
        assertThat(((Price) perCpu).told).containsExactly(new long[] {10, 2}, new long[] {0, 3});
    }
}
