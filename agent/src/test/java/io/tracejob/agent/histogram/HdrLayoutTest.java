package io.tracejob.agent.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test (seeded random + exhaustive ranges): our layout buckets every value exactly where
 * {@code new Histogram(1, highest, digits)} does, so rebuilding from our counts equals recording
 * directly.
 */
class HdrLayoutTest {
    private static final long SEED = 0x7ace_10bL;

    static List<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        for (int digits = 1; digits <= 3; digits++) {
            for (long highest :
                    new long[] {
                        2, 1000, 1L << 20, 123_456_789L, HdrLayout.ONE_HOUR_NANOS, Long.MAX_VALUE
                    }) {
                out.add(Arguments.of(digits, highest));
            }
        }
        return out;
    }

    private static int hdrCountsArrayLength(Histogram h) throws ReflectiveOperationException {
        Class<?> c = h.getClass();
        while (c != null) {
            try {
                Field f = c.getDeclaredField("countsArrayLength");
                f.setAccessible(true);
                return f.getInt(h);
            } catch (NoSuchFieldException e) {
                c = c.getSuperclass();
            }
        }
        throw new NoSuchFieldException("countsArrayLength");
    }

    @ParameterizedTest(name = "digits={0} highest={1}")
    @MethodSource("layouts")
    void arrayLengthMatchesHdrHistogram(int digits, long highest) throws Exception {
        HdrLayout layout = new HdrLayout(digits, highest);
        Histogram h = new Histogram(1, highest, digits);
        assertThat(layout.length()).isEqualTo(hdrCountsArrayLength(h));
        assertThat(layout.memoryBytesPerCpu()).isEqualTo(8L * layout.length());
        assertThat(layout.maxRepresentable()).isGreaterThanOrEqualTo(highest);
    }

    @ParameterizedTest(name = "digits={0} highest={1}")
    @MethodSource("layouts")
    void everyIndexRoundTripsAndMatchesHdrEquivalentRange(int digits, long highest) {
        HdrLayout layout = new HdrLayout(digits, highest);
        Histogram h = new Histogram(1, highest, digits);
        for (int i = 0; i < layout.length(); i++) {
            long lo = layout.valueAtIndex(i);
            long hi = layout.highestValueAtIndex(i);
            assertThat(layout.index(lo)).as("index(valueAtIndex(%d))", i).isEqualTo(i);
            assertThat(layout.index(hi)).as("index(highestValueAtIndex(%d))", i).isEqualTo(i);
            assertThat(h.lowestEquivalentValue(lo))
                    .as("HdrHistogram lowest equivalent of %d", lo)
                    .isEqualTo(lo);
            if (hi < Long.MAX_VALUE / 2) {
                // HdrHistogram's highestEquivalentValue overflows for the top bucket of a
                // Long.MAX_VALUE layout
                assertThat(h.highestEquivalentValue(lo))
                        .as("HdrHistogram highest equivalent of %d", lo)
                        .isEqualTo(hi);
            }
            if (i + 1 < layout.length()) assertThat(layout.valueAtIndex(i + 1)).isEqualTo(hi + 1);
            assertThat(layout.overflows(hi)).isFalse();
        }
    }

    @ParameterizedTest(name = "digits={0}")
    @MethodSource("digits")
    void exhaustiveLowRangeMatchesHdrHistogram(int digits) {
        HdrLayout layout = HdrLayout.latency(digits);
        Histogram h = new Histogram(1, HdrLayout.ONE_HOUR_NANOS, digits);
        for (long v = 0; v < (1 << 21); v++) {
            assertThat(layout.valueAtIndex(layout.index(v))).isEqualTo(h.lowestEquivalentValue(v));
        }
    }

    static List<Integer> digits() {
        return List.of(1, 2, 3);
    }

    @ParameterizedTest(name = "digits={0} highest={1}")
    @MethodSource("layouts")
    void rebuildEqualsDirectRecordingForRandomValueSets(int digits, long highest) {
        HdrLayout layout = new HdrLayout(digits, highest);
        long top = layout.maxRepresentable();
        SplittableRandom rnd = new SplittableRandom(SEED ^ (digits * 31L + highest));
        List<LongSupplier> generators =
                List.of(
                        () ->
                                top == Long.MAX_VALUE
                                        ? rnd.nextLong() & Long.MAX_VALUE
                                        : rnd.nextLong(top + 1),
                        () -> logUniform(rnd, top),
                        () -> logUniform(rnd, Math.min(top, HdrLayout.ONE_HOUR_NANOS)),
                        () -> rnd.nextLong(Math.min(top, 10_000) + 1));
        for (int set = 0; set < 40; set++) {
            LongSupplier gen = generators.get(set % generators.size());
            int n = 1 + rnd.nextInt(set % 3 == 0 ? 20 : 5_000);
            List<Long> values = new ArrayList<>();
            for (int k = 0; k < n; k++) values.add(gen.getAsLong());
            assertRebuildEqualsDirect(layout, values);
        }
        assertRebuildEqualsDirect(layout, edgeValues(top));
    }

    /** 0, 1, every power of two ±1 up to {@code top}, and {@code top} itself. */
    static List<Long> edgeValues(long top) {
        List<Long> out = new ArrayList<>(List.of(0L, 1L, top));
        for (int p = 1; p < 63; p++) {
            for (long v : new long[] {(1L << p) - 1, 1L << p, (1L << p) + 1}) {
                if (v <= top) out.add(v);
            }
        }
        return out;
    }

    private static long logUniform(SplittableRandom rnd, long top) {
        double maxLog = Math.log((double) top);
        long v = (long) Math.exp(rnd.nextDouble() * maxLog);
        return Math.max(1, Math.min(v, top));
    }

    private static void assertRebuildEqualsDirect(HdrLayout layout, List<Long> values) {
        Histogram direct = new Histogram(1, layout.highestTrackable(), layout.significantDigits());
        long[] counts = new long[layout.length()];
        for (long v : values) {
            assertThat(layout.overflows(v)).as("overflows(%d)", v).isFalse();
            direct.recordValue(v);
            counts[layout.index(v)]++;
        }
        Histogram rebuilt = HistogramRebuilder.rebuild(layout, counts);
        assertThat(rebuilt).isEqualTo(direct);
        assertThat(rebuilt.getTotalCount()).isEqualTo(values.size());
        Iterator<HistogramIterationValue> a = direct.allValues().iterator();
        Iterator<HistogramIterationValue> b = rebuilt.allValues().iterator();
        int i = 0;
        while (a.hasNext()) {
            assertThat(b.hasNext()).isTrue();
            HistogramIterationValue x = a.next(), y = b.next();
            assertThat(y.getValueIteratedTo()).isEqualTo(x.getValueIteratedTo());
            assertThat(y.getCountAtValueIteratedTo())
                    .as("count at bucket %d", i)
                    .isEqualTo(x.getCountAtValueIteratedTo());
            if (x.getCountAtValueIteratedTo() > 0) {
                // our index of that bucket holds the same count
                assertThat(counts[layout.index(x.getValueIteratedTo())])
                        .isEqualTo(x.getCountAtValueIteratedTo());
            }
            i++;
        }
        assertThat(b.hasNext()).isFalse();
    }

    @Test
    void valuesBeyondTheArrayClampToTheLastIndexAndReportOverflow() {
        HdrLayout layout = HdrLayout.latency(2);
        int last = layout.length() - 1;
        long top = layout.maxRepresentable();
        assertThat(layout.overflows(top)).isFalse();
        assertThat(layout.index(top)).isEqualTo(last);
        for (long v :
                new long[] {top + 1, top * 2, Long.MAX_VALUE, -1L /* u64 max */, Long.MIN_VALUE}) {
            assertThat(layout.overflows(v)).as("overflows(%d)", v).isTrue();
            assertThat(layout.index(v)).isEqualTo(last);
        }
        assertThat(layout.index(0)).isZero();
        assertThat(layout.overflows(0)).isFalse();
    }

    @Test
    void twoDigitFormulaFromTheDesign() {
        HdrLayout layout = HdrLayout.latency(2);
        assertThat(layout.subBucketCount()).isEqualTo(256);
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int k = 0; k < 100_000; k++) {
            long v = logUniform(rnd, HdrLayout.ONE_HOUR_NANOS);
            long expected;
            if (v < 256) expected = v;
            else {
                int p = 63 - Long.numberOfLeadingZeros(v);
                int b = p - 7;
                expected = ((long) (b + 1) << 7) + (v >> b) - 128;
            }
            assertThat(layout.index(v)).isEqualTo((int) expected);
        }
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> new HdrLayout(0, 1000)).hasMessageContaining("significantDigits");
        assertThatThrownBy(() -> new HdrLayout(4, 1000)).hasMessageContaining("significantDigits");
        assertThatThrownBy(() -> new HdrLayout(2, 1)).hasMessageContaining("highestTrackableValue");
        assertThatThrownBy(() -> HistogramRebuilder.rebuild(HdrLayout.latency(2), new long[3]))
                .hasMessageContaining("counts array");
    }

    @Test
    void diffGivesIntervalCountsAndRejectsDecreases() {
        HdrLayout layout = HdrLayout.latency(1);
        long[] before = new long[layout.length()], now = new long[layout.length()];
        before[layout.index(5000)] = 3;
        now[layout.index(5000)] = 10;
        now[layout.index(7)] = 2;
        long[] d = HistogramRebuilder.diff(now, before);
        Histogram h = HistogramRebuilder.rebuild(layout, d);
        assertThat(h.getTotalCount()).isEqualTo(9);
        assertThat(h.getCountAtValue(5000)).isEqualTo(7);
        assertThat(h.getCountAtValue(7)).isEqualTo(2);
        assertThatThrownBy(() -> HistogramRebuilder.diff(before, now))
                .hasMessageContaining("went down");
        assertThatThrownBy(() -> HistogramRebuilder.diff(new long[2], new long[3]))
                .hasMessageContaining("length");
    }
}
