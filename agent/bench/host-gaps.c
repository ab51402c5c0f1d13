/*
 * Host gaps (agent/bench/host-gaps.sh): spins for SECONDS reading the monotonic clock and counts the gaps between
 * two reads. On an idle vCPU nothing else runs, so a gap over 20 µs is the host taking the vCPU (or an interrupt):
 * the noise floor under every per-call figure in docs/benchmarks.md. Prints "gaps SECONDS OVER_5US OVER_20US
 * NS_IN_OVER_20US OVER_100US".
 */
#include <stdio.h>
#include <stdlib.h>
#include "emulated_fn.h" /* ns() */

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 5;
    long long start = ns(CLOCK_MONOTONIC), prev = start, t, in20 = 0;
    long over5 = 0, over20 = 0, over100 = 0;
    while ((t = ns(CLOCK_MONOTONIC)) - start < seconds * 1e9) {
        long long d = t - prev;
        if (d > 5000) over5++;
        if (d > 20000) { over20++; in20 += d; }
        if (d > 100000) over100++;
        prev = t;
    }
    printf("gaps %.1f %ld %ld %lld %ld\n", seconds, over5, over20, in20, over100);
    return 0;
}
