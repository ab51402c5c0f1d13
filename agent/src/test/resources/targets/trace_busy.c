/*
 * Test target with a known latency distribution. work(ns) busy-waits ns nanoseconds; the caller times
 * every call from inside (the body) and around (including the probe's traps), so a test gets a truth
 * bracket for each percentile: inside <= measured <= around.
 *
 * Protocol on stdin (one command per line, answers on stdout):
 *   run N      make N calls, write "inside around" per call to argv[1], answer "done N"
 *   fork N     fork a child that answers "child PID", waits for a line "go", makes N calls (written
 *              to argv[1].child) and exits; the parent answers "done N" after the child exits
 *   sleep N    make N calls of clock_nanosleep(200 µs), answer "done N"
 *   exit       leave
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
    unsigned r = (*s >> 8) % 1000;
    if (r < 700) return 5000;
    if (r < 900) return 20000;
    if (r < 990) return 100000;
    return 1000000;
}

static void calls(long n, const char *path, unsigned seed) {
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    for (long i = 0; i < n; i++) {
        long long d = pick(&seed);
        long long t0 = now_ns();
        work(d);
        long long t1 = now_ns();
        fprintf(f, "%lld %lld\n", inside_ns, t1 - t0);
    }
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s OUTFILE\n", argv[0]); return 2; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[128];
    printf("ready %d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "run ", 4)) {
            long n = atol(line + 4);
            calls(n, argv[1], 42);
            printf("done %ld\n", n);
        } else if (!strncmp(line, "fork ", 5)) {
            long n = atol(line + 5);
            pid_t c = fork();
            if (c == 0) {
                printf("child %d\n", getpid());
                if (!fgets(line, sizeof line, stdin)) _exit(3);
                char path[4096];
                snprintf(path, sizeof path, "%s.child", argv[1]);
                calls(n, path, 7);
                _exit(0);
            }
            int st;
            waitpid(c, &st, 0);
            printf("done %ld\n", n);
        } else if (!strncmp(line, "sleep ", 6)) {
            long n = atol(line + 6);
            struct timespec d = {0, 200000};
            for (long i = 0; i < n; i++) clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
            printf("done %ld\n", n);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
