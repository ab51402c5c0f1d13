/* Shared library target (-shared -fPIC): one exported and one hidden function. */
__attribute__((visibility("default"), noinline)) long tj_lib_sum(long a, long b) { return a + b * 2; }
__attribute__((visibility("hidden"), noinline)) long tj_lib_hidden(long a) { return a ^ 3; }
long tj_lib_entry(long a) { return tj_lib_hidden(a) + tj_lib_sum(a, a); }
