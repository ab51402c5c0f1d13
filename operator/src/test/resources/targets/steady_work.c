/*
 * End-to-end target: a "service" whose work(ns) busy-waits ns nanoseconds, called at a steady rate with a
 * known spread of durations. Each call is timed from inside the body and around the call (the latter
 * including any probe traps), so the test gets a truth bracket per percentile: inside <= measured <= around.
 *
 * Durations (deterministic LCG, seed 42): 40 % 10 us, 40 % 50 us, 18 % 200 us, 2 % 1 ms — so the median
 * lies well inside the 50 us step and the 99th percentile well inside the 1 ms step.
 *
 * Protocol on stdin, answers on stdout:
 *   run N RATE   make N calls paced at RATE calls/s (absolute schedule, catches up after a long call),
 *                write "inside around" per call to argv[1], answer "done N"
 *   exit         leave
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static volatile long long inside_ns;

__attribute__((noinline)) void work(long long ns) {
    long long t0 = now_ns();
    long long t;
    do {
        t = now_ns();
    } while (t - t0 < ns);
    inside_ns = t - t0;
}

static long long pick(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    unsigned r = (*s >> 8) % 100;
    if (r < 40) return 10000;
    if (r < 80) return 50000;
    if (r < 98) return 200000;
    return 1000000;
}

static void calls(long n, long rate, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    unsigned seed = 42;
    long long period = 1000000000LL / rate;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long i = 0; i < n; i++) {
        long long d = pick(&seed);
        long long t0 = now_ns();
        work(d);
        long long t1 = now_ns();
        fprintf(f, "%lld %lld\n", inside_ns, t1 - t0);
        next.tv_nsec += period;
        while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s TRUTHFILE\n", argv[0]); return 2; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[128];
    printf("ready %d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        long n, rate;
        if (sscanf(line, "run %ld %ld", &n, &rate) == 2 && n > 0 && rate > 0) {
            calls(n, rate, argv[1]);
            printf("done %ld\n", n);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
