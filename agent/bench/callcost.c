/*
 * Benchmark target: calls bench_fn() in a loop and reports, itself, the wall time per iteration over fixed
 * windows. A probe on bench_fn adds its trap + BPF cost to every iteration, so (traced - untraced) ns per
 * iteration is the per-call cost of the probe, measured where the user pays it.
 *
 * Each iteration is one call plus a fixed padding loop (argv[2] iterations of a volatile counter, a few µs):
 * the agent estimates its own CPU share and stops at the overheadBudget (at most 100 % of one core), so a
 * target that did nothing but call the probed function would stop the trace; the padding keeps the estimate
 * under 100 % and is the same in every run, so it cancels out of the difference.
 *
 * Usage: callcost WINDOW_MS PAD_ITERS [SECONDS]
 * Prints "pid N" once, then per window: "win <index> <wall ns per iteration> <thread CPU ns per iteration>
 * <iterations>". Runs SECONDS (default forever) and exits 0. The thread's CPU time (user + kernel, the
 * scheduler's exact runtime) includes every trap and BPF run on its behalf but not the time other processes
 * hold the CPU, so on a busy machine it is the steadier of the two figures.
 *
 * The probed function's first instruction decides the attach class; pick it at compile time:
 *   -DVARIANT_C      bench_fn in C. -O1 -fno-omit-frame-pointer -fcf-protection=none: starts with push %rbp
 *                    (emulated); with -fcf-protection=full: endbr64 then push %rbp; -O2 -fomit-frame-pointer
 *                    -fcf-protection=none: starts with mov %rdi,-8(%rsp) (single-stepped)
 *   -DVARIANT_NOP5   starts with a 5-byte nop (0f 1f 44 00 00), then push %rbp (hand-written: gcc's
 *                    -fpatchable-function-entry=5 emits five 1-byte nops, not one nop5)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

long bench_fn(long x);

#if defined(VARIANT_C)
__attribute__((noinline)) long bench_fn(long x) {
    volatile long t = x; /* a stack slot: with a frame pointer gcc now opens a frame (an empty leaf gets none) */
    return t * 3 + 1;
}
#elif defined(VARIANT_NOP5)
__asm__(".text\n.globl bench_fn\n.type bench_fn,@function\nbench_fn:\n"
        " .byte 0x0f,0x1f,0x44,0x00,0x00\n push %rbp\n mov %rsp,%rbp\n lea 1(%rdi,%rdi,2),%rax\n pop %rbp\n ret\n"
        ".size bench_fn, .-bench_fn\n");
#else
#error "define VARIANT_C or VARIANT_NOP5"
#endif

static long long clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s WINDOW_MS PAD_ITERS [SECONDS]\n", argv[0]);
        return 2;
    }
    long long window = atoll(argv[1]) * 1000000LL;
    long pad = atol(argv[2]);
    long long stop_after = argc > 3 ? atoll(argv[3]) * 1000000000LL : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("pid %d\n", (int) getpid());

    volatile long sink = 0;
    long long start = clock_ns(CLOCK_MONOTONIC), w0 = start, c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    long iters = 0;
    for (int index = 0;; ) {
        sink = bench_fn(sink);
        for (volatile long i = 0; i < pad; i++) {}
        iters++;
        long long t = clock_ns(CLOCK_MONOTONIC); /* vDSO, ~30 ns; the CPU clock is a syscall, read per window */
        if (t - w0 >= window) {
            long long c = clock_ns(CLOCK_THREAD_CPUTIME_ID);
            printf("win %d %.1f %.1f %ld\n", index++, (double) (t - w0) / iters, (double) (c - c0) / iters, iters);
            iters = 0;
            w0 = t;
            c0 = c;
            if (stop_after && t - start >= stop_after) return 0;
        }
    }
}
