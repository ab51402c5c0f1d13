/*
 * Shared by the bench targets that call one trivial function: EMULATED_FN(name) defines `long name(long)` whose
 * first instruction is push %rbx, so an entry probe on it is emulated by the kernel (the cheap int3 path), written
 * in assembly so the compiler cannot change it; ns(clock) reads a clock in nanoseconds.
 */
#include <time.h>

#define EMULATED_FN(name)                                                                                          \
    __asm__(".text\n.globl " #name "\n.type " #name ",@function\n" #name ":\n"                                     \
            "    push %rbx\n    lea 1(%rdi), %rax\n    pop %rbx\n    ret\n.size " #name ", .-" #name "\n");         \
    long name(long)

static long long ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}
