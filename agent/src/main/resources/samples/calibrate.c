/*
 * Calibration target of `tracejob-agent calibrate`. Each probe site's first instruction is written in
 * assembly, so the kernel's way of handling the breakpoint (emulate it or single-step a copy) does not
 * depend on the compiler that built this file.
 *
 * Protocol on stdin (one command per line, answers on stdout, line-buffered):
 *   run NAME N   make N calls of NAME (emulated, single_step, endbr, usdt, usdt_pair, getppid, getpid) and answer
 *                "done NAME N CPU WALL": mean nanoseconds per call of this thread's CPU time (user +
 *                kernel, so traps and BPF programs count, time lost to other processes does not) and of
 *                wall-clock time, each read around the whole loop
 *   pace NAME N GAP
 *                make N calls of NAME, each GAP ns after an untimed one, spinning between them (the CPU stays busy, as a
 *                target's does between its calls), each timed alone by CLOCK_MONOTONIC, and answer
 *                "paced NAME N MEAN KEPT": the mean ns of the KEPT calls that took under 100 µs (a longer
 *                one was preempted). Calls far apart find the probe's kernel path gone cold and cost more
 *                than calls back to back, by up to 2.4x at 5,000 calls/s on a shared VM. With GAP > 0 the
 *                target sleeps 1 ms after each timed call (each still spins GAP after an untimed one), so the
 *                process beside it on that CPU is never held up by much more than one GAP
 *   pairs A B N GAP
 *                make N pairs of calls, A then B, after an untimed A, every call GAP ns after the one before
 *                (spinning between; 1 ms asleep after each pair), each timed alone by CLOCK_MONOTONIC, and
 *                answer "pairs A B N TRIM KEPT":
 *                the mean of the middle 60 % of the KEPT pairs' differences (A's time less B's; a pair with a
 *                call over 100 µs is left out as preempted). For a system call traced at a tracepoint (A getppid,
 *                B getpid, the same kind of call, never traced): both find the kernel's path as cold as a
 *                target's call GAP after its last; each pair's difference takes out what the node does to both
 *                calls at that moment, and the trimmed mean leaves out a single call an interrupt or a host's
 *                stall hit, while a mean of a few paced calls was noise. (B right after A, warm, priced the pair
 *                lower still: docs/benchmarks.md, "Paced bursts")
 *   cpu N        run on CPU N from now on (sched_setaffinity) and answer "cpu N", or "error ..." when this
 *                process may not run there: a probe's cost per firing differs between CPUs at the same
 *                moment (by 25-40 % between the two vCPUs of a shared VM), so the cost sentinel measures
 *                on the CPU the trace fires on
 *   exit         leave
 * At start it writes "ready PID".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* push %rbx first: the kernel emulates it (the cheap int3 path). */
__asm__(".text\n"
        ".globl cal_emulated\n"
        ".type cal_emulated,@function\n"
        "cal_emulated:\n"
        "    push %rbx\n"
        "    lea 1(%rdi), %rax\n"
        "    pop %rbx\n"
        "    ret\n"
        ".size cal_emulated, .-cal_emulated\n");

/* lea first: the kernel copies it out of line and single-steps it. */
__asm__(".text\n"
        ".globl cal_single_step\n"
        ".type cal_single_step,@function\n"
        "cal_single_step:\n"
        "    lea 1(%rdi), %rax\n"
        "    push %rbx\n"
        "    pop %rbx\n"
        "    ret\n"
        ".size cal_single_step, .-cal_single_step\n");

/* endbr64 then push: the agent skips the endbr64 and probes the (emulated) push; at +0 the kernel
 * single-steps the endbr64. */
__asm__(".text\n"
        ".globl cal_endbr\n"
        ".type cal_endbr,@function\n"
        "cal_endbr:\n"
        "    endbr64\n"
        "    push %rbx\n"
        "    lea 1(%rdi), %rax\n"
        "    pop %rbx\n"
        "    ret\n"
        ".size cal_endbr, .-cal_endbr\n");

long cal_emulated(long);
long cal_single_step(long);
long cal_endbr(long);

static volatile long sink;

static inline long long now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void call_n(long (*f)(long), long n) {
    long acc = 0;
    for (long i = 0; i < n; i++) acc += f(i);
    sink = acc;
}

static void usdt_n(long n) {
    for (long i = 0; i < n; i++) STAP_PROBE1(tracejob_cal, tick, i);
}

/* a start/end pair around nothing: what a USDT Latency trace's two programs cost */
static void usdt_pair_n(long n) {
    for (long i = 0; i < n; i++) {
        STAP_PROBE1(tracejob_cal, begin, i);
        STAP_PROBE1(tracejob_cal, end, i);
    }
}

/* the same kind of system call as getppid, never traced: the cost sentinel's reference for the node's
 * speed at system calls (a tracepoint's cost is measured against it) */
static void getpid_n(long n) {
    long acc = 0;
    for (long i = 0; i < n; i++) acc += syscall(SYS_getpid);
    sink = acc;
}

static void getppid_n(long n) {
    long acc = 0;
    /* syscall() rather than getppid(): never answered from a libc cache */
    for (long i = 0; i < n; i++) acc += syscall(SYS_getppid);
    sink = acc;
}

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

#define MAX_PAIRS 5000
/* a timed call longer than this was preempted or blocked: a trap costs 1-12 µs */
#define PREEMPTED_NS 100000
static long long pair_diff[MAX_PAIRS];

static void calls(int kind, long (*f)(long), long n) {
    if (f) call_n(f, n);
    else if (kind == 1) usdt_n(n);
    else if (kind == 3) usdt_pair_n(n);
    else if (kind == 4) getpid_n(n);
    else getppid_n(n);
}

/* NAME's function (or kind, for the calls that are not a plain function); 0 when there is none */
static int lookup(const char *name, long (**f)(long), int *kind) {
    *f = NULL;
    *kind = 0;
    if (!strcmp(name, "emulated")) *f = cal_emulated;
    else if (!strcmp(name, "single_step")) *f = cal_single_step;
    else if (!strcmp(name, "endbr")) *f = cal_endbr;
    else if (!strcmp(name, "usdt")) *kind = 1;
    else if (!strcmp(name, "usdt_pair")) *kind = 3;
    else if (!strcmp(name, "getppid")) *kind = 2;
    else if (!strcmp(name, "getpid")) *kind = 4;
    else return 0;
    return 1;
}

/* Between the units of a paced burst (a call, or a pair) the target sleeps REST_NS: it runs on the CPU the trace
 * fires on, beside the traced process, and a burst spun in one piece (4.8 ms for 12 pairs 200 µs apart) stalled
 * that process by 3.4 ms in a typical second (docs/benchmarks.md, "The sentinel's stall"); in units, by one
 * unit's spin at most. Each unit starts its spacing afresh after the rest. */
#define REST_NS 1000000L
static void rest(void) {
    struct timespec r = {0, REST_NS};
    nanosleep(&r, NULL);
}

/* spin until the monotonic clock reaches *next, move *next on by gap, and time one call of the kind */
static long long spaced_call(long long *next, long gap, int kind, long (*f)(long)) {
    while (now_ns(CLOCK_MONOTONIC) < *next) {
    }
    *next += gap;
    long long a = now_ns(CLOCK_MONOTONIC);
    calls(kind, f, 1);
    return now_ns(CLOCK_MONOTONIC) - a;
}

/* A paced burst's unit begins with one untimed call and returns when its first timed call is due, GAP after it,
   as the trace's calls come: the first call after the target sat idle (or slept, or another process ran here)
   finds everything cold, a cost those calls do not pay, and one call of ten can be half the mean. */
static long long unit_start(int kind, long (*f)(long), long gap) {
    calls(kind, f, 1);
    return now_ns(CLOCK_MONOTONIC) + gap;
}

/* the "pace" command: one timed call after each untimed one, GAP apart */
static void pace(const char *name, long (*f)(long), int kind, long n, long gap) {
    long long sum = 0;
    long kept = 0;
    for (long i = 0; i < n; i++) {
        long long next = unit_start(kind, f, gap);
        long long d = spaced_call(&next, gap, kind, f);
        if (gap) rest();
        if (d < PREEMPTED_NS) {
            sum += d;
            kept++;
        }
    }
    printf("paced %s %ld %.3f %ld\n", name, n, kept ? (double)sum / kept : -1.0, kept);
}

static void pairs(const char *a, const char *b, long n, long gap) {
    long (*fa)(long), (*fb)(long);
    int ka, kb;
    int known_a = lookup(a, &fa, &ka);
    if (!known_a || !lookup(b, &fb, &kb)) {
        printf("error unknown function %s\n", known_a ? b : a);
        return;
    }
    if (n > MAX_PAIRS) n = MAX_PAIRS;
    long kept = 0;
    for (long i = 0; i < n; i++) {
        long long next = unit_start(ka, fa, gap);
        long long x = spaced_call(&next, gap, ka, fa);
        long long y = spaced_call(&next, gap, kb, fb);
        if (gap) rest();
        if (x < PREEMPTED_NS && y < PREEMPTED_NS) pair_diff[kept++] = x - y;
    }
    qsort(pair_diff, kept, sizeof pair_diff[0], by_value);
    long lo = kept / 5, hi = kept - kept / 5;
    long long sum = 0;
    for (long i = lo; i < hi; i++) sum += pair_diff[i];
    printf("pairs %s %s %ld %.3f %ld\n", a, b, n, hi > lo ? (double)sum / (hi - lo) : 0.0, kept);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[256], name[64], other[64];
    long n, gap;
    printf("ready %d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "pairs %63s %63s %ld %ld", name, other, &n, &gap) == 4 && n > 0 && gap >= 0) {
            pairs(name, other, n, gap);
            continue;
        }
        int paced = sscanf(line, "pace %63s %ld %ld", name, &n, &gap) == 3 && n > 0 && gap >= 0;
        if (paced || (sscanf(line, "run %63s %ld", name, &n) == 2 && n > 0)) {
            long (*f)(long) = NULL;
            int kind = 0;
            if (!lookup(name, &f, &kind)) { printf("error unknown function %s\n", name); continue; }
            if (paced) {
                pace(name, f, kind, n, gap);
                continue;
            }
            long long w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
            calls(kind, f, n);
            long long c1 = now_ns(CLOCK_THREAD_CPUTIME_ID), w1 = now_ns(CLOCK_MONOTONIC);
            printf("done %s %ld %.3f %.3f\n", name, n, (double)(c1 - c0) / n, (double)(w1 - w0) / n);
        } else if (sscanf(line, "cpu %ld", &n) == 1) {
            cpu_set_t set;
            CPU_ZERO(&set);
            if (n < 0 || n >= CPU_SETSIZE) {
                printf("error cpu %ld: out of range\n", n);
                continue;
            }
            CPU_SET(n, &set);
            if (sched_setaffinity(0, sizeof set, &set) != 0)
                printf("error cpu %ld: %s\n", n, strerror(errno));
            else
                printf("cpu %ld\n", n);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        } else {
            printf("error bad command\n");
        }
    }
    return 0;
}
