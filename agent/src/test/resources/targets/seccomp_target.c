/*
 * Test target that lives under a seccomp allow-list filter, as a container's process does under its runtime's
 * default profile, but stricter: only read, write and exit_group are allowed, and any other system call — the
 * uretprobe system call (335) of a kernel whose return-probe trampoline is filtered included — kills the process
 * (SECCOMP_RET_KILL_PROCESS, SIGSYS). It counts its own calls of work().
 *
 * With the argument "unconfined" it installs no filter (the same program as an unconfined neighbour).
 *
 * Protocol (raw read/write, no stdio: stdio could need system calls the filter forbids):
 *   prints "ready" once the filter is in place
 *   run N    make N calls of work(), answer "done COUNT" (calls made since start)
 *   exit     answer "bye COUNT" and exit 0
 */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile long total;

__attribute__((noinline)) long work(long x) {
    total++;
    return x * 3 + 1;
}

#define ALLOW(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static void confine(void) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        ALLOW(__NR_read),
        ALLOW(__NR_write),
        ALLOW(__NR_exit_group),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("seccomp");
        exit(2);
    }
}

static void say(const char *what, long n) {
    char buf[64];
    int len = n < 0 ? snprintf(buf, sizeof buf, "%s\n", what) : snprintf(buf, sizeof buf, "%s %ld\n", what, n);
    if (write(1, buf, len) != len) _exit(3);
}

/* One line from stdin, byte by byte (no buffering to leave behind). */
static int line(char *buf, int size) {
    int n = 0;
    while (n < size - 1) {
        char c;
        if (read(0, &c, 1) != 1) return -1;
        if (c == '\n') break;
        buf[n++] = c;
    }
    buf[n] = 0;
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "unconfined") != 0) confine();
    say("ready", -1);
    char cmd[64];
    long sum = 0;
    while (line(cmd, sizeof cmd) >= 0) {
        if (strncmp(cmd, "run ", 4) == 0) {
            long n = strtol(cmd + 4, NULL, 10);
            for (long i = 0; i < n; i++) sum += work(i);
            say("done", total);
        } else if (strcmp(cmd, "exit") == 0) {
            say("bye", total);
            break;
        }
    }
    _exit(sum == -1); /* sum keeps the calls from being optimised away */
}
