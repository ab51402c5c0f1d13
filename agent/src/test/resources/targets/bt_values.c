/*
 * Test target for bucketing parity: record(v) is called with a known set of values and every value is
 * written to argv[1], so a test can compute the expected counts array independently of the probe.
 * Values: 2^k - 1, 2^k, 2^k + 1 for k = 0..63, UINT64_MAX, and pseudo-random values of every magnitude.
 *
 * Protocol on stdin: "go" makes the calls and answers "done N"; "exit" (or EOF) leaves.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void record(uint64_t v) {
    __asm__ volatile("" : : "r"(v) : "memory");
}

static uint64_t next(uint64_t *s) {
    /* xorshift64: a fixed seed gives the same sequence every run */
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s OUTFILE\n", argv[0]); return 2; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "go", 2)) break;
        FILE *f = fopen(argv[1], "w");
        if (!f) { perror(argv[1]); return 2; }
        long n = 0;
        for (int k = 0; k < 64; k++) {
            uint64_t p = (uint64_t)1 << k;
            uint64_t vs[3] = {p - 1, p, p + 1};
            for (int i = 0; i < 3; i++) { record(vs[i]); fprintf(f, "%llu\n", (unsigned long long)vs[i]); n++; }
        }
        record(UINT64_MAX); fprintf(f, "%llu\n", (unsigned long long)UINT64_MAX); n++;
        uint64_t s = 88172645463325252ULL;
        for (int i = 0; i < 3000; i++) {
            uint64_t v = next(&s) >> (next(&s) % 64);
            record(v);
            fprintf(f, "%llu\n", (unsigned long long)v);
            n++;
        }
        fclose(f);
        printf("done %ld\n", n);
    }
    return 0;
}
