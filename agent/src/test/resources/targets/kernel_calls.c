/*
 * Test target for the kernel plumbing tests: prints "ready <pid>", blocks until one byte arrives on stdin
 * (so the test can attach first), then calls kernel_target() and getppid() exactly N times each
 * (N = argv[1]) and prints "done <sum> <semaphore-seen>": how many iterations found the USDT semaphore
 * of tracejob:tick raised (a uprobe opened with ref_ctr_offset raises it).
 */
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/sdt.h>

unsigned short tracejob_tick_semaphore __attribute__((unused)) __attribute__((section(".probes")));

__attribute__((noinline, noipa)) long kernel_target(long x) {
    __asm__ volatile("" ::: "memory");
    return x + 1;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10;
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char c;
    if (read(0, &c, 1) != 1) return 2;
    long sum = 0, seen = 0;
    for (long i = 0; i < n; i++) {
        sum += kernel_target(i);
        sum += getppid() > 0;
        if (*(volatile unsigned short *)&tracejob_tick_semaphore) {
            seen++;
            STAP_PROBE1(tracejob, tick, i);
        }
    }
    printf("done %ld %ld\n", sum, seen);
    fflush(stdout);
    return 0;
}
