/*
 * A pre-fork server whose handler starts with a 5-byte nop (the kind of site kernel 6.18 rewrites into a
 * call to a uprobe trampoline, which a child forked while probed does not inherit). Every call is counted
 * by the worker that makes it.
 *
 * Protocol on stdin:
 *   serve S      for S seconds fork a worker every 250 ms; each worker calls handle() for 400 ms and
 *                reports its count to the parent; the parent calls handle() before each fork too. Answers
 *                "done calls=C workers=W harmed=H" (H: workers that did not exit 0, e.g. SIGSEGV)
 *   exit         leave
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long handled;
void handle(void);
asm(".text\n.globl handle\n.type handle,@function\nhandle:\n"
    " .byte 0x0f,0x1f,0x44,0x00,0x00\n push %rbx\n pop %rbx\n addq $1, handled(%rip)\n ret\n"
    ".size handle,.-handle\n");

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    char line[64];
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("ready pid=%d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "serve ", 6)) {
            long long end = now_ns() + atol(line + 6) * 1000000000LL;
            int fds[2];
            if (pipe(fds)) return 1;
            long calls = 0, workers = 0, harmed = 0;
            while (now_ns() < end) {
                handle();
                calls++;
                pid_t c = fork();
                if (c == 0) {
                    close(fds[0]);
                    long before = handled;
                    long long stop = now_ns() + 400000000LL;
                    while (now_ns() < stop) {
                        handle();
                        struct timespec d = {0, 100000};
                        nanosleep(&d, NULL);
                    }
                    long mine = handled - before;
                    if (write(fds[1], &mine, sizeof mine) != sizeof mine) _exit(2);
                    _exit(0);
                }
                workers++;
                usleep(250000);
                int st;
                pid_t w;
                while ((w = waitpid(-1, &st, WNOHANG)) > 0) if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) harmed++;
            }
            int st;
            while (wait(&st) > 0) if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) harmed++;
            close(fds[1]);
            long mine;
            while (read(fds[0], &mine, sizeof mine) == sizeof mine) calls += mine;
            close(fds[0]);
            printf("done calls=%ld workers=%ld harmed=%ld\n", calls, workers, harmed);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
