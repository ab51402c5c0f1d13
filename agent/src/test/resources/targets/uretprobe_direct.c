/*
 * An independent witness for the uretprobe + seccomp node check: makes the uretprobe system call (335) directly,
 * not from the kernel's return-probe trampoline. With argument "filter" it first installs a seccomp filter that
 * allows only exit_group and kills the process on anything else.
 *
 * A kernel that filters syscall 335 (the bug) kills it under the filter with SIGSYS. A kernel that passes 335
 * through seccomp runs the system call, which sees it was not called from the trampoline and raises SIGILL.
 * A kernel without the uretprobe system call (before 6.11) kills it with SIGSYS under the filter too — but there a
 * return probe never makes the call, so it is safe; the test reads /proc/kallsyms to tell the two apart.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
    if (argc > 1 && strcmp(argv[1], "filter") == 0) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) _exit(2);
    }
    syscall(335);
    _exit(0);
}
