package io.tracejob.agent.calibrate;

import java.io.IOException;
import java.util.Arrays;

/**
 * How the sentinel takes one burst of the bundled target's probed calls and prices a firing from
 * it: back to back, or paced as the trace's calls come. The target runs on the CPU the trace fires
 * on, beside the traced process, so a burst leaves that CPU to it between pieces
 * (docs/benchmarks.md, "The sentinel's stall").
 */
final class Burst {
    static final long PACED_MIN_CALLS = 10;

    /**
     * a tracepoint's paced burst: at least this many pairs (the site, then the reference), each
     * call a gap after the one before: ≈ 4.8 ms of a core at 200 µs, more than a uprobe's 2 ms, as
     * fewer pairs were noise (docs/benchmarks.md, "Paced bursts")
     */
    static final long PACED_MIN_PAIRS = 12;

    /**
     * a back-to-back burst runs in this many pieces, the target asleep {@link #REST_MILLIS} between
     * them: it shares the CPU with the traced process, which a burst in one piece stalled for as
     * long (paced bursts rest between their units in the target: calibrate.c)
     */
    static final int TIGHT_PIECES = 4;

    static final long REST_MILLIS = 1;

    private final CalibrationTarget target;
    private final CalibrationSite site;
    private final String reference;
    private final long calls;
    private final double offset;

    /**
     * the untraced site's time a call when paced (the clock reads, mostly), or a tracepoint's
     * untraced difference a pair, for paced bursts
     */
    private final double pacedOffset;

    private final double floor;

    /**
     * @param reference the untraced system call a tracepoint's site is timed against, or null
     * @param calls a back-to-back burst's calls (≈ {@link Sentinel#BURST_NANOS} of a core)
     * @param offset the untraced site's CPU time a call beyond the reference's
     * @param floor the lowest price a burst may set
     */
    Burst(
            CalibrationTarget target,
            CalibrationSite site,
            String reference,
            long calls,
            double offset,
            double pacedOffset,
            double floor) {
        this.target = target;
        this.site = site;
        this.reference = reference;
        this.calls = calls;
        this.offset = offset;
        this.pacedOffset = pacedOffset;
        this.floor = floor;
    }

    /**
     * A burst of calls {@code gap} apart, as the trace's calls come on that CPU: calls far apart
     * can find the probe's kernel path cold and cost more than calls back to back (the target spins
     * between them, as a busy target's CPU stays busy between its calls).
     */
    double paced(long gap) throws IOException {
        if (reference != null) {
            // a system call's own time, cold, moves by 2x from call to call with the node: each
            // call is timed against the reference's next to it, and the middle of the pairs kept
            // (the difference of two paced means was noise: docs/benchmarks.md, "Paced bursts")
            long n = sized(PACED_MIN_PAIRS, 2.0 * gap);
            return price(
                    target.pairs(site.function(), reference, n, gap),
                    pacedOffset,
                    site.firingsPerCall(),
                    floor);
        }
        long n = sized(PACED_MIN_CALLS, gap);
        return price(
                target.pace(site.function(), n, gap), pacedOffset, site.firingsPerCall(), floor);
    }

    /** a burst of calls back to back, each turn timed by the target thread's CPU clock */
    double tight() throws IOException, InterruptedException {
        if (reference == null) {
            long piece = Math.max(Sentinel.MIN_CALLS, calls / TIGHT_PIECES);
            double sum = 0;
            for (int i = 0; i < TIGHT_PIECES; i++) {
                if (i > 0) Thread.sleep(REST_MILLIS); // the traced process beside it has the CPU
                sum += target.run(site.function(), piece).cpuNanos();
            }
            return price(sum / TIGHT_PIECES, offset, site.firingsPerCall(), floor);
        }
        // three turns of site then reference, the median difference: a system call's time is
        // disturbed by the node's other work more than a trap's, and one turn can be off by
        // the whole probe's cost
        long part = Math.max(Sentinel.MIN_CALLS, calls / 3);
        double[] d = new double[3];
        for (int i = 0; i < d.length; i++) {
            // no rest between turns: with one, the pair at 100 k calls/s was 1 of 4 in band
            // (docs/benchmarks.md, "The sentinel's stall"); each turn's two runs are two commands
            d[i] =
                    target.run(site.function(), part).cpuNanos()
                            - target.run(reference, part).cpuNanos();
        }
        Arrays.sort(d);
        return price(d[1], offset, site.firingsPerCall(), floor);
    }

    /**
     * How many calls (or pairs) of {@code nanosEach} make ≈ {@link Sentinel#BURST_NANOS}: at least
     * {@code min}, at most {@link Sentinel#MAX_CALLS}.
     */
    static long sized(long min, double nanosEach) {
        return Math.max(
                min, Math.min(Sentinel.MAX_CALLS, Math.round(Sentinel.BURST_NANOS / nanosEach)));
    }

    /**
     * A firing's price from a burst: what a call took traced (less the reference's call) beyond its
     * untraced {@code offset}, per firing; never under {@code floor}, half the figure measured
     * before the trace, so a burst the node disturbed cannot price a second of firings at nothing
     * and let the budget run on.
     */
    static double price(
            double tracedBeyondReference, double offset, int firingsPerCall, double floor) {
        return Math.max(floor, (tracedBeyondReference - offset) / firingsPerCall);
    }
}
