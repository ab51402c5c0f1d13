/*
 * Put-back benchmark target (agent/bench/putback.sh): calls pb_emulated (or, with KIND single_step,
 * pb_single_step) RATE times a second (default 100 k), spinning between calls, and times each call alone by the monotonic clock. Traced, a call costs
 * µs (a trap), untraced tens of ns, so a run of calls over 1 µs is one window of a duty-cycled trace: its first
 * call comes right after a put-back. On SIGTERM it prints, over the windows of at least 20 calls, the mean of the
 * calls from the 21st on ("steady") and the mean of each of the first 12 calls after a put-back: does the first
 * call after the probes go back in cost more than the sentinel's price of a firing says?
 * Calls over 100 µs (preempted) are left out.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emulated_fn.h"

EMULATED_FN(pb_emulated);
/* the same, its first instruction one the kernel single-steps out of line (lea is not emulated) */
__asm__(".text\n.globl pb_single_step\n.type pb_single_step,@function\npb_single_step:\n"
        "    lea 1(%rdi), %rax\n    ret\n.size pb_single_step, .-pb_single_step\n");
long pb_single_step(long);

#define FIRST 12
#define STEADY_FROM 20
static volatile sig_atomic_t stop;
static void on_term(int s) { (void)s; stop = 1; }

int main(int argc, char **argv) {
    long long period = 1000000000LL / (argc > 1 ? atol(argv[1]) : 100000);
    long (*fn)(long) = argc > 2 && !strcmp(argv[2], "single_step") ? pb_single_step : pb_emulated;
    signal(SIGTERM, on_term);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    double first_sum[FIRST] = {0}, steady = 0, window_steady = 0;
    long windows = 0, traced_calls = 0, steady_n = 0, window_steady_n = 0, idx = -1;
    long long window_first[FIRST];
    long long next = ns(CLOCK_MONOTONIC);
    volatile long sink = 0;
    while (!stop) {
        while (ns(CLOCK_MONOTONIC) < next) {
        }
        next += period;
        long long a = ns(CLOCK_MONOTONIC);
        sink += fn(1);
        long long d = ns(CLOCK_MONOTONIC) - a;
        if (d > 100000) continue; /* preempted */
        if (d > 1000) {           /* traced */
            idx++;
            if (idx < FIRST) window_first[idx] = d;
            if (idx >= STEADY_FROM) { window_steady += d; window_steady_n++; }
            continue;
        }
        if (idx >= STEADY_FROM - 1) { /* a window of at least 20 calls just ended */
            windows++;
            traced_calls += idx + 1;
            for (int i = 0; i < FIRST; i++) first_sum[i] += window_first[i];
            steady += window_steady;
            steady_n += window_steady_n;
        }
        idx = -1;
        window_steady = 0;
        window_steady_n = 0;
    }
    printf("windows %ld traced_calls %ld steady %.0f\n", windows, traced_calls, steady_n ? steady / steady_n : 0.0);
    for (int i = 0; i < FIRST; i++) printf("call %d %.0f\n", i, windows ? first_sum[i] / windows : 0.0);
    return 0;
}
