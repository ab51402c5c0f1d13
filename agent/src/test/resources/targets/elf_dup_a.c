/* Two translation units (with elf_dup_b.c) that each define a static tj_dup: an ambiguous name. */
static __attribute__((noinline)) int tj_dup(int x) { return x + 1; }
int tj_shadow(int x) { return x * 7; } /* exported; elf_dup_b.c has a static of the same name */
int tj_dup_b_caller(int x);
int main(int argc, char **argv) { (void) argv; return tj_dup(argc) + tj_dup_b_caller(argc) + tj_shadow(argc); }
