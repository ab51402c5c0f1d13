/*
 * Test target for the kernel plumbing tests: prints "ready <pid>", blocks until one byte arrives on stdin
 * (so the test can attach first), then calls kernel_target() and getppid() exactly N times each
 * (N = argv[1]) and prints "done <sum>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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
    long sum = 0;
    for (long i = 0; i < n; i++) {
        sum += kernel_target(i);
        sum += getppid() > 0;
    }
    printf("done %ld\n", sum);
    fflush(stdout);
    return 0;
}
