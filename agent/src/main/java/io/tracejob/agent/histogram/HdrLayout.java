package io.tracejob.agent.histogram;

/**
 * The counts-array layout of {@code new org.HdrHistogram.Histogram(1, highestTrackableValue,
 * significantDigits)}, computed independently so that the in-kernel probe can bucket values into a
 * plain array that the agent later turns back into that exact Histogram (see {@link
 * HistogramRebuilder}).
 *
 * <p>With a lowest discernible value of 1 the unit magnitude is 0. Values below {@code
 * subBucketCount} index themselves; a larger value {@code v} with {@code p = floor(log2 v)} lands
 * in bucket {@code b = p - halfMag} at {@code ((b + 1) << halfMag) + (v >> b) -
 * subBucketHalfCount}. For 2 digits that is halfMag 7 (sub-bucket count 256).
 *
 * <p>Values are u64 as the kernel sees them: a negative {@code long} is a huge unsigned value.
 * Anything the counts array cannot hold (above {@link #maxRepresentable()}) is clamped to the last
 * index and reported by {@link #overflows(long)} so callers can count it separately. Note {@code
 * maxRepresentable() >= highestTrackable()}: HdrHistogram rounds the array up to whole buckets and
 * records such values exactly.
 */
public final class HdrLayout {
    /** One hour in nanoseconds: the default ceiling for latencies. */
    public static final long ONE_HOUR_NANOS = 3_600_000_000_000L;

    /** Default significant digits for latencies: 1% resolution, ~3 k counts for 1 ns..1 h. */
    public static final int DEFAULT_DIGITS = 2;

    private final int significantDigits;
    private final long highestTrackable;
    private final int subBucketHalfCountMagnitude;
    private final int subBucketHalfCount;
    private final int subBucketCount;
    private final int length;

    public HdrLayout(int significantDigits, long highestTrackableValue) {
        if (significantDigits < 1 || significantDigits > 3) {
            throw new IllegalArgumentException(
                    "significantDigits must be 1..3, got " + significantDigits);
        }
        if (highestTrackableValue < 2) {
            throw new IllegalArgumentException(
                    "highestTrackableValue must be >= 2 (twice the lowest discernible value 1), got "
                            + highestTrackableValue);
        }
        this.significantDigits = significantDigits;
        this.highestTrackable = highestTrackableValue;
        long singleUnitResolutionUpTo = 2 * pow10(significantDigits);
        // smallest power of two >= singleUnitResolutionUpTo, by integer arithmetic (never a power
        // of two itself)
        int subBucketCountMagnitude = 64 - Long.numberOfLeadingZeros(singleUnitResolutionUpTo - 1);
        this.subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
        this.subBucketCount = 1 << (subBucketHalfCountMagnitude + 1);
        this.subBucketHalfCount = subBucketCount / 2;
        this.length = (bucketsNeededFor(highestTrackableValue) + 1) * subBucketHalfCount;
    }

    /** Latency layout: 1 ns .. 1 h at the given precision. */
    public static HdrLayout latency(int significantDigits) {
        return new HdrLayout(significantDigits, ONE_HOUR_NANOS);
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }

    /**
     * Number of power-of-two buckets, the first of which is a full sub-bucket range [0,
     * subBucketCount).
     */
    private int bucketsNeededFor(long value) {
        long smallestUntrackable = subBucketCount;
        int buckets = 1;
        while (smallestUntrackable <= value) {
            if (smallestUntrackable > Long.MAX_VALUE / 2) return buckets + 1;
            smallestUntrackable <<= 1;
            buckets++;
        }
        return buckets;
    }

    /** Index of {@code v} (unsigned) in the counts array, clamped to {@code length() - 1}. */
    public int index(long v) {
        long raw = rawIndex(v);
        return raw >= length ? length - 1 : (int) raw;
    }

    /** True when {@code v} (unsigned) lies beyond the counts array and {@link #index} clamps it. */
    public boolean overflows(long v) {
        return rawIndex(v) >= length;
    }

    private long rawIndex(long v) {
        if (Long.compareUnsigned(v, subBucketCount) < 0) return v;
        int p = 63 - Long.numberOfLeadingZeros(v);
        int b = p - subBucketHalfCountMagnitude;
        return ((long) (b + 1) << subBucketHalfCountMagnitude) + (v >>> b) - subBucketHalfCount;
    }

    /** Lowest value that maps to index {@code i} (what HdrHistogram's valueFromIndex returns). */
    public long valueAtIndex(int i) {
        if (i < 0 || i >= length)
            throw new IndexOutOfBoundsException(
                    "index " + i + " outside counts array of length " + length);
        int bucket = (i >> subBucketHalfCountMagnitude) - 1;
        long subBucket = (i & (subBucketHalfCount - 1)) + subBucketHalfCount;
        if (bucket < 0) {
            subBucket -= subBucketHalfCount;
            bucket = 0;
        }
        return subBucket << bucket;
    }

    /** Highest value that maps to index {@code i}. */
    public long highestValueAtIndex(int i) {
        int bucket = Math.max((i >> subBucketHalfCountMagnitude) - 1, 0);
        return valueAtIndex(i) + (1L << bucket) - 1;
    }

    /** Largest value the counts array holds without clamping. */
    public long maxRepresentable() {
        return highestValueAtIndex(length - 1);
    }

    public int length() {
        return length;
    }

    public long highestTrackable() {
        return highestTrackable;
    }

    public int significantDigits() {
        return significantDigits;
    }

    /** log2 of half the sub-bucket count: the shift that separates buckets. */
    public int subBucketHalfCountMagnitude() {
        return subBucketHalfCountMagnitude;
    }

    public int subBucketCount() {
        return subBucketCount;
    }

    /**
     * Bytes of one u64 counter per index — the per-CPU footprint of a per-CPU array map of this
     * layout.
     */
    public long memoryBytesPerCpu() {
        return 8L * length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdrLayout l
                && l.significantDigits == significantDigits
                && l.highestTrackable == highestTrackable;
    }

    @Override
    public int hashCode() {
        return 31 * significantDigits + Long.hashCode(highestTrackable);
    }

    @Override
    public String toString() {
        return "HdrLayout{digits="
                + significantDigits
                + ", highest="
                + highestTrackable
                + ", length="
                + length
                + "}";
    }
}
