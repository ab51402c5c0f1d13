/* Probe target for ElfFile/SymbolResolver tests: a global and a static function, then it waits on stdin
 * so tests can inspect its /proc entries while it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((noinline)) int tj_work(int x) {
    return x * 3 + 1;
}

static __attribute__((noinline)) int tj_helper(int x) {
    return tj_work(x) ^ 0x55;
}

int main(int argc, char **argv) {
    (void) argv;
    char *buf = malloc(64);
    int r = tj_helper(argc) + (int) getpid();
    /* the libc addresses let tests check /proc/<pid>/maps arithmetic against the real thing */
    printf("ready %d %p %p\n", r != 0, (void *) getpid, (void *) malloc);
    fflush(stdout);
    while (read(0, buf, 64) > 0) {} /* until the test closes stdin */
    free(buf);
    return 0;
}
