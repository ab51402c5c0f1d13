/*
 * Budget test target: calls tick() in a tight loop from the start, forever, so a probe on tick fires
 * as often as the machine allows (≥ 100 k calls/s untraced).
 */
#include <stdio.h>

static volatile unsigned long sink;

__attribute__((noinline)) void tick(unsigned long i) {
    sink += i;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready\n");
    for (unsigned long i = 0;; i++) tick(i);
}
