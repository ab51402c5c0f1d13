/*
 * Together benchmark target (agent/bench/together.sh): a burst of 1,000 calls of a trivial function (push %rbx
 * first, so an entry probe is emulated), timed by the thread's CPU clock, every 40 ms. Prints "ready PID", then
 * per burst "w REALTIME_NS CPU_NS_PER_CALL".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "emulated_fn.h"

EMULATED_FN(together_fn);
static volatile long sink;

int main(int argc, char **argv) {
    int secs = argc > 1 ? atoi(argv[1]) : 60;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    long long end = ns(CLOCK_MONOTONIC) + secs * 1000000000LL;
    while (ns(CLOCK_MONOTONIC) < end) {
        long long w = ns(CLOCK_REALTIME), c0 = ns(CLOCK_THREAD_CPUTIME_ID);
        for (long i = 0; i < 1000; i++) sink += together_fn(i);
        printf("w %lld %.1f\n", w, (double)(ns(CLOCK_THREAD_CPUTIME_ID) - c0) / 1000);
        usleep(40000);
    }
    return 0;
}
