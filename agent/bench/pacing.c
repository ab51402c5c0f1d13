/*
 * Pacing benchmark target (agent/bench/pacing.sh): one process calls a trivial function (push %rbx first, so an
 * entry probe is emulated) in phases of 0.5 s that take turns — back to back as the calibration does, one call
 * every 10 µs (100 k/s), one every 200 µs (5,000/s) — and times each call by CLOCK_MONOTONIC (calls over 100 µs
 * left out as preempted). Interleaving the phases in one process takes the process and the hour out of the
 * comparison: what differs between them is only how long the probe's path sat idle before a call.
 * Prints "ready PID", then per phase "p REALTIME_NS PHASE GAP_NS MEAN_NS_PER_CALL".
 * A second argument "getppid" makes the call the getppid system call instead (for a tracepoint pair).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "emulated_fn.h"

EMULATED_FN(paced_emulated);
static volatile long sink;

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 40;
    int syscall_kind = argc > 2 && !strcmp(argv[2], "getppid");
    static const long gaps[] = {0, 10000, 200000};
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    for (int r = 0; r < rounds; r++) {
        for (int g = 0; g < 3; g++) {
            long long end = ns(CLOCK_MONOTONIC) + 500000000LL, sum = 0, n = 0, next = ns(CLOCK_MONOTONIC);
            while (ns(CLOCK_MONOTONIC) < end) {
                if (gaps[g]) {
                    while (ns(CLOCK_MONOTONIC) < next) {
                    }
                    next += gaps[g];
                }
                long long a = ns(CLOCK_MONOTONIC);
                sink += syscall_kind ? syscall(SYS_getppid) : paced_emulated(n);
                long long b = ns(CLOCK_MONOTONIC);
                if (b - a < 100000) {
                    sum += b - a;
                    n++;
                }
            }
            printf("p %lld %d %ld %.1f\n", ns(CLOCK_REALTIME), g, gaps[g], (double)sum / n);
        }
    }
    return 0;
}
