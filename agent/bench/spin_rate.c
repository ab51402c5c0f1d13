/*
 * Budget benchmark target: calls tick() in a tight loop and reports its own throughput every 100 ms
 * ("<ms since the epoch> <calls in that 100 ms>"), for argv[1] seconds. The target measures itself, so the
 * figure is what the traced program really lost, not the agent's estimate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) void tick(unsigned long i) { sink += i; }

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long epoch_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 10;
    setvbuf(stdout, NULL, _IOLBF, 0);
    long long start = now_ns(), next = start + 100000000LL, end = start + (long long) (seconds * 1e9);
    unsigned long calls = 0, i = 0;
    for (;;) {
        for (int k = 0; k < 256; k++) tick(i++);
        calls += 256;
        long long t = now_ns();
        if (t >= next) {
            printf("%lld %lu\n", epoch_ms(), calls);
            calls = 0;
            next += 100000000LL;
            if (t >= end) break;
        }
    }
    return 0;
}
