/*
 * Target for the pod-privilege tests: one loop that reaches a site of each family the agent pod traces. On
 * "run N" it makes N calls of work() (a uprobe site), N semaphore-guarded USDT start/done pairs (tj:op__start,
 * tj:op__done) and N getppid() system calls (the syscalls:sys_enter/exit_getppid tracepoints), then answers
 * "done N". It makes no other getppid call, so a trace filtered to it must count exactly N of each.
 */
#define _GNU_SOURCE
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/syscall.h>
#include <unistd.h>

unsigned short tj_op__start_semaphore __attribute__((unused)) __attribute__((section(".probes")));
unsigned short tj_op__done_semaphore __attribute__((unused)) __attribute__((section(".probes")));

static volatile long sink;

__attribute__((noinline)) long work(long i) {
    sink += i;
    return sink;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[128];
    printf("ready %d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "run ", 4)) {
            long n = atol(line + 4);
            for (long i = 0; i < n; i++) {
                work(i);
                if (tj_op__start_semaphore) STAP_PROBE1(tj, op__start, i);
                sink += i;
                if (tj_op__done_semaphore) STAP_PROBE1(tj, op__done, i);
                syscall(SYS_getppid);
            }
            printf("done %ld\n", n);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
