/*
 * Stall benchmark target (agent/bench/sentinel-stall.sh): calls getppid RATE times a second (default 5,000), spinning
 * between calls as a busy target's CPU stays busy, for SECONDS, reading the monotonic clock all the while. Two reads
 * far apart mean the thread was off its CPU: another task ran there (the cost sentinel's calibration target runs on
 * the CPU the trace fires on) or the host took the vCPU. Every second it prints "s REALTIME_NS LONGEST_NS OVER_1MS
 * OVER_0_5MS NS_IN_STALLS_OVER_0_5MS" for that second.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "emulated_fn.h" /* ns() */

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s SECONDS [RATE]\n", argv[0]); return 2; }
    double seconds = atof(argv[1]);
    long long period = 1000000000LL / (argc > 2 ? atol(argv[2]) : 5000);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    long long start = ns(CLOCK_MONOTONIC), prev = start, next = start, second = start + 1000000000LL;
    long long longest = 0, in_stalls = 0;
    long over_1ms = 0, over_half = 0;
    for (;;) {
        long long t = ns(CLOCK_MONOTONIC), d = t - prev;
        prev = t;
        if (d > longest) longest = d;
        if (d > 1000000) over_1ms++;
        if (d > 500000) { over_half++; in_stalls += d; }
        if (t >= next) {
            syscall(SYS_getppid);
            next += period;
            if (next < t) next = t + period; /* late: no calls back to back to catch up */
            prev = ns(CLOCK_MONOTONIC);       /* the call itself is not a stall */
        }
        if (t >= second) {
            printf("s %lld %lld %ld %ld %lld\n", ns(CLOCK_REALTIME), longest, over_1ms, over_half, in_stalls);
            longest = in_stalls = 0;
            over_1ms = over_half = 0;
            second += 1000000000LL;
            if (t - start > seconds * 1e9) break;
        }
    }
    return 0;
}
