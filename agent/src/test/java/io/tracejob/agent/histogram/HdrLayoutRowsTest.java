package io.tracejob.agent.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.report.AsciiHistogram;
import org.junit.jupiter.api.Test;

/** The agent's histogram layout keeps the ASCII histogram's power-of-two rows exact. */
class HdrLayoutRowsTest {
    @Test
    void hdrBucketsNestInsidePowersOfTwo() {
        for (int digits = 1; digits <= 3; digits++) {
            HdrLayout layout = HdrLayout.latency(digits);
            for (int i = 0; i < layout.length(); i++) {
                assertThat(AsciiHistogram.rowOf(layout.valueAtIndex(i)))
                        .as(
                                "bucket %d [%d, %d] crosses a power of two",
                                i, layout.valueAtIndex(i), layout.highestValueAtIndex(i))
                        .isEqualTo(AsciiHistogram.rowOf(layout.highestValueAtIndex(i)));
            }
        }
    }
}
