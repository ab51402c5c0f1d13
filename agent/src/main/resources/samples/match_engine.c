/*
 * match_engine: a toy order-matching loop with a realistic long-tail latency, for demonstrating TraceJob.
 *
 *   match_engine [orders_per_sec=2000] [duration_sec=0 (until SIGTERM/SIGINT)] [seed=1] [wait_for_stdin=0]
 *
 * wait_for_stdin=1: after the "started" line, wait for one line on stdin before the first order (and before the
 * duration starts), so a test can attach a tracer first and then expect every call to be seen.
 *
 * match_order() spins on CLOCK_MONOTONIC for a duration drawn per order (so the time is real CPU time a
 * uprobe pair will see): ~95% 2-6 us, ~4.9% 20-80 us, ~0.1% 0.5-2 ms. The draw is a seeded xorshift PRNG,
 * so a given seed replays the same order stream.
 *
 * On exit (duration reached, SIGTERM or SIGINT) it prints to stdout, one key=value per line:
 *   calls=<n>            every match_order() call made — compare with the histogram's total count
 *   fast=, slow=, tail=  calls per latency class (tail = the 0.5-2 ms ones)
 *   sampled=, self_p50_ns=, self_p99_ns=, self_max_ns=   its own timing of every call (the first 2^20), so
 *                        a tracer's percentiles can be checked against the same calls, stalls included
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* noipa keeps the symbol un-cloned (no match_order.constprop.0), so a uprobe on "match_order" sees every call */
#if defined(__clang__)
#define PROBED __attribute__((noinline, used))
#else
#define PROBED __attribute__((noinline, noipa, used))
#endif

#define SELF_SAMPLE_MAX (1 << 20)

struct order {
    uint64_t id;
    int32_t price;
    int32_t qty;
    uint64_t work_ns; /* how long matching this order takes */
};

static volatile sig_atomic_t stop_requested;
static uint64_t book_checksum;

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t xorshift64(uint64_t *s) {
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static uint64_t uniform(uint64_t *s, uint64_t lo, uint64_t hi) {
    return lo + xorshift64(s) % (hi - lo + 1);
}

/* Walks "price levels" until the order's work time has passed; the checksum keeps the loop from being elided. */
PROBED int match_order(struct order *o) {
    uint64_t end = now_ns() + o->work_ns;
    uint64_t acc = o->id;
    int filled = 0;
    do {
        for (int level = 0; level < 16; level++) {
            acc = acc * 6364136223846793005ull + (uint64_t)(o->price + level);
            if ((acc >> 60) == 0 && filled < o->qty) filled++;
        }
    } while (now_ns() < end);
    book_checksum ^= acc;
    return filled;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static long parse_arg(const char *text, const char *name, long min, long max) {
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || end == text || v < min || v > max) {
        fprintf(stderr, "match_engine: %s must be an integer in [%ld, %ld], got '%s'\n", name, min, max, text);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv) {
    if (argc > 5) {
        fprintf(stderr, "usage: %s [orders_per_sec=2000] [duration_sec=0 (until signalled)] [seed=1] [wait_for_stdin=0]\n", argv[0]);
        return 2;
    }
    long rate = argc > 1 ? parse_arg(argv[1], "orders_per_sec", 1, 1000000) : 2000;
    long duration = argc > 2 ? parse_arg(argv[2], "duration_sec", 0, 86400 * 365) : 0;
    uint64_t seed = argc > 3 ? (uint64_t)parse_arg(argv[3], "seed", 1, 0x7fffffffL) : 1;
    long wait_for_stdin = argc > 4 ? parse_arg(argv[4], "wait_for_stdin", 0, 1) : 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a signal cuts the pacing sleep short */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    uint64_t *samples = malloc(sizeof(uint64_t) * SELF_SAMPLE_MAX);
    if (samples == NULL) {
        fprintf(stderr, "match_engine: cannot allocate self-timing samples\n");
        return 1;
    }
    printf("started pid=%d orders_per_sec=%ld duration_sec=%ld seed=%llu\n", (int)getpid(), rate, duration,
           (unsigned long long)seed);
    fflush(stdout);
    if (wait_for_stdin) {
        char line[64];
        if (fgets(line, sizeof line, stdin) == NULL) {
            fprintf(stderr, "match_engine: stdin closed before the start line\n");
            return 1;
        }
    }

    uint64_t prng = seed * 0x9E3779B97F4A7C15ull;
    uint64_t interval = 1000000000ull / (uint64_t)rate;
    uint64_t start = now_ns();
    uint64_t deadline = duration > 0 ? start + (uint64_t)duration * 1000000000ull : UINT64_MAX;
    uint64_t next = start;
    uint64_t calls = 0, fast = 0, slow = 0, tail = 0, sampled = 0;
    long filled_total = 0;

    while (!stop_requested) {
        uint64_t now = now_ns();
        if (now >= deadline) break;
        if (now < next) {
            struct timespec ts = {(time_t)(next / 1000000000ull), (long)(next % 1000000000ull)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
            continue; /* re-check signal and deadline after every sleep */
        }
        /* after a stall, do not burst to catch up more than 100 ms worth of orders */
        if (now - next > 100000000ull) next = now;
        next += interval;

        struct order o = {.id = calls, .price = 10000 + (int32_t)(xorshift64(&prng) % 512), .qty = 1 + (int32_t)(xorshift64(&prng) % 100)};
        uint64_t r = xorshift64(&prng) % 10000;
        if (r < 9500) { o.work_ns = uniform(&prng, 2000, 6000); fast++; }
        else if (r < 9990) { o.work_ns = uniform(&prng, 20000, 80000); slow++; }
        else { o.work_ns = uniform(&prng, 500000, 2000000); tail++; }

        if (sampled < SELF_SAMPLE_MAX) {
            uint64_t t0 = now_ns();
            filled_total += match_order(&o);
            samples[sampled++] = now_ns() - t0;
        } else {
            filled_total += match_order(&o);
        }
        calls++;
    }

    qsort(samples, sampled, sizeof samples[0], cmp_u64);
    printf("calls=%llu\n", (unsigned long long)calls);
    printf("fast=%llu\nslow=%llu\ntail=%llu\n", (unsigned long long)fast, (unsigned long long)slow, (unsigned long long)tail);
    printf("sampled=%llu\n", (unsigned long long)sampled);
    if (sampled > 0) {
        printf("self_p50_ns=%llu\n", (unsigned long long)samples[(sampled - 1) / 2]);
        printf("self_p99_ns=%llu\n", (unsigned long long)samples[(sampled - 1) * 99 / 100]);
        printf("self_max_ns=%llu\n", (unsigned long long)samples[sampled - 1]);
    }
    printf("filled=%ld checksum=%llx\n", filled_total, (unsigned long long)book_checksum);
    fflush(stdout);
    free(samples);
    return 0;
}
