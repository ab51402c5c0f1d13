/*
 * Test target whose measured function does not always return: like PostgreSQL's elog(ERROR), an
 * "escape" call leaves it with siglongjmp, so its return probe never runs and the call stays open
 * in the tracer's per-thread stack.
 *
 * Protocol on stdin (one command per line, answers on stdout):
 *   escape N   make N calls that leave measured() by longjmp, answer "done N"
 *   run N      make N calls that return normally, answer "done N"
 *   hold       call held(), which answers "holding" and returns once a line "release" comes,
 *              then answer "released"
 *   quick N    make N calls of held() that return at once, answer "done N"
 *   nest D     call nested(D), which calls itself until depth 1: D calls open at once, answer
 *              "done D"
 *   exit       leave
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf handler;
static volatile long sink;

__attribute__((noinline)) long measured(int escape) {
    long acc = 1;
    for (int i = 0; i < 200; i++) acc = acc * 6364136223846793005L + 1442695040888963407L;
    sink = acc;
    if (escape) siglongjmp(handler, 1);
    return acc;
}

__attribute__((noinline)) long held(int wait) {
    char line[64];
    if (wait) {
        printf("holding\n");
        if (fgets(line, sizeof line, stdin) == NULL) return -1;
    }
    return sink;
}

__attribute__((noinline)) long nested(int depth) {
    long r = depth > 1 ? nested(depth - 1) : 0;
    sink = r + depth; /* work after the inner call: no tail call */
    return sink;
}

int main(void) {
    char line[64];
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready\n");
    while (fgets(line, sizeof line, stdin) != NULL) {
        long n = 0;
        if (sscanf(line, "escape %ld", &n) == 1) {
            for (volatile long i = 0; i < n; i++) {
                if (sigsetjmp(handler, 0) == 0) measured(1);
            }
            printf("done %ld\n", n);
        } else if (sscanf(line, "run %ld", &n) == 1) {
            for (long i = 0; i < n; i++) measured(0);
            printf("done %ld\n", n);
        } else if (strncmp(line, "hold", 4) == 0) {
            held(1);
            printf("released\n");
        } else if (sscanf(line, "quick %ld", &n) == 1) {
            for (long i = 0; i < n; i++) held(0);
            printf("done %ld\n", n);
        } else if (sscanf(line, "nest %ld", &n) == 1) {
            nested((int) n);
            printf("done %ld\n", n);
        } else if (strncmp(line, "exit", 4) == 0) {
            return 0;
        }
    }
    return 0;
}
