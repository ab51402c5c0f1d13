/*
 * Calls work() exactly argv[1] times as the very first thing main does, then exits. Traced by
 * `run -- COMMAND`, the count is exact only if the probes were in place before the first instruction.
 */
#include <stdlib.h>
#include <time.h>

static volatile long sink;

__attribute__((noinline, noipa)) void work(long i) {
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 2000);
    sink += i;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000;
    for (long i = 0; i < n; i++) work(i);
    return 0;
}
