/*
 * USDT test target: a semaphore-guarded start/done pair (provider tj) around a 20 µs busy-wait.
 * stdin commands: "run N" (answers "done N guarded=G", G = calls that saw the semaphore raised),
 * "sem" (answers "sem S", the current semaphore value), "exit".
 */
#define _GNU_SOURCE
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <time.h>

unsigned short tj_req__start_semaphore __attribute__((unused)) __attribute__((section(".probes")));
unsigned short tj_req__done_semaphore __attribute__((unused)) __attribute__((section(".probes")));

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

__attribute__((noinline)) static void handle(long i) {
    long long t0 = now_ns();
    while (now_ns() - t0 < 20000) {}
    (void) i;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[128];
    printf("ready\n");
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "run ", 4)) {
            long n = atol(line + 4), guarded = 0;
            for (long i = 0; i < n; i++) {
                if (__builtin_expect(tj_req__start_semaphore, 0)) {
                    guarded++;
                    STAP_PROBE1(tj, req__start, i);
                }
                handle(i);
                if (__builtin_expect(tj_req__done_semaphore, 0)) STAP_PROBE1(tj, req__done, i);
            }
            printf("done %ld guarded=%ld\n", n, guarded);
        } else if (!strncmp(line, "sem", 3)) {
            printf("sem %u\n", tj_req__start_semaphore);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
