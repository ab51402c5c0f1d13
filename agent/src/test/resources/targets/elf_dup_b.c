/* See elf_dup_a.c. */
static __attribute__((noinline)) int tj_dup(int x) { return x * 2 + 5; }
static __attribute__((noinline)) int tj_shadow(int x) { return x - 9; }
int tj_dup_b_caller(int x) { return tj_dup(x) + tj_shadow(x); }
