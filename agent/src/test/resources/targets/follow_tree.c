/*
 * A process tree for following tests. Every call of work() is counted by the process that makes it.
 *
 * Protocol on stdin (one command per line, answers on stdout):
 *   run N        make N calls here, answer "done N"
 *   tree N       fork a child that forks a grandchild at once; each makes N calls and exits without
 *                waiting for anything (short-lived); answer "done 2N" once both have exited
 *   nested D     one call of work_nested() that recurses D deep (D calls of work_nested on one thread),
 *                answer "done D"
 *   daemon N F   daemonize: fork a child and exit at once; the child waits until its parent is gone, makes
 *                N calls, writes "N" to file F and exits
 *   probed S     for S seconds call work() about every 100 µs, answering "running" first; a call counts as
 *                made while probed when the first byte of work() is an int3 (the kernel's breakpoint) both
 *                before and after it. Answers "done total=T probed=P"
 *   spawn K MS   fork K children, one every 100 ms; each calls work() about every 100 µs for MS ms from its
 *                first instruction after fork(), then exits, and notes how long after its fork the breakpoint
 *                appeared at work() and how many calls it made before. Answers "done calls=C children=K
 *                unprobed=U never=N probed_after_mean_ns=A probed_after_max_ns=X" (N: children never probed)
 *   exit         leave
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long sink;

__attribute__((noinline)) void work(long i) {
    for (int k = 0; k < 200; k++) sink += i ^ k;
}

__attribute__((noinline)) long work_nested(long depth) {
    sink += depth;
    if (depth <= 1) return 1;
    return 1 + work_nested(depth - 1);
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void calls(long n) {
    for (long i = 0; i < n; i++) work(i);
}

int main(void) {
    char line[4200];
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("ready pid=%d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "run ", 4)) {
            long n = atol(line + 4);
            calls(n);
            printf("done %ld\n", n);
        } else if (!strncmp(line, "tree ", 5)) {
            long n = atol(line + 5);
            pid_t c = fork();
            if (c == 0) {
                pid_t g = fork();
                calls(n);
                if (g > 0) waitpid(g, NULL, 0);
                _exit(0);
            }
            waitpid(c, NULL, 0);
            printf("done %ld\n", 2 * n);
        } else if (!strncmp(line, "nested ", 7)) {
            long d = atol(line + 7);
            printf("done %ld\n", work_nested(d));
        } else if (!strncmp(line, "daemon ", 7)) {
            long n;
            char file[4096];
            if (sscanf(line + 7, "%ld %4095s", &n, file) != 2) continue;
            pid_t parent = getpid();
            pid_t c = fork();
            if (c == 0) {
                while (getppid() == parent) usleep(1000);
                calls(n);
                FILE *f = fopen(file, "w");
                if (f) { fprintf(f, "%ld\n", n); fclose(f); }
                _exit(0);
            }
            printf("daemon %d\n", c);
            _exit(0);
        } else if (!strncmp(line, "probed ", 7)) {
            long long end = now_ns() + atol(line + 7) * 1000000000LL;
            volatile unsigned char *site = (volatile unsigned char *) (void *) work;
            long total = 0, probed = 0;
            printf("running\n");
            while (now_ns() < end) {
                int before = *site == 0xcc;
                work(total);
                if (before && *site == 0xcc) probed++;
                total++;
                struct timespec d = {0, 100000};
                nanosleep(&d, NULL);
            }
            printf("done total=%ld probed=%ld\n", total, probed);
        } else if (!strncmp(line, "spawn ", 6)) {
            long k, ms;
            if (sscanf(line + 6, "%ld %ld", &k, &ms) != 2) continue;
            int fds[2];
            if (pipe(fds)) return 1;
            volatile unsigned char *site = (volatile unsigned char *) (void *) work;
            for (long c = 0; c < k; c++) {
                if (fork() == 0) {
                    long long start = now_ns(), end = start + ms * 1000000LL, now;
                    long report[3] = {0, 0, -1}; /* calls, calls made before the breakpoint was in, ns until it was */
                    while ((now = now_ns()) < end) {
                        if (*site == 0xcc) {
                            if (report[2] < 0) report[2] = now - start;
                        } else {
                            report[1]++;
                        }
                        work(report[0]++);
                        struct timespec d = {0, 100000};
                        nanosleep(&d, NULL);
                    }
                    if (write(fds[1], report, sizeof report) != sizeof report) _exit(2);
                    _exit(0);
                }
                usleep(100000);
            }
            close(fds[1]);
            while (wait(NULL) > 0) {}
            long report[3], calls = 0, unprobed = 0, never = 0, after_sum = 0, after_max = 0;
            while (read(fds[0], report, sizeof report) == sizeof report) {
                calls += report[0];
                unprobed += report[1];
                if (report[2] < 0) { never++; continue; }
                after_sum += report[2];
                if (report[2] > after_max) after_max = report[2];
            }
            close(fds[0]);
            printf("done calls=%ld children=%ld unprobed=%ld never=%ld probed_after_mean_ns=%ld probed_after_max_ns=%ld\n",
                   calls, k, unprobed, never, k > never ? after_sum / (k - never) : 0, after_max);
        } else if (!strncmp(line, "exit", 4)) {
            break;
        }
    }
    return 0;
}
