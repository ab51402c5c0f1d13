# Sourced by the benchmarks that trace selftimed.c: the TraceJob probe for each of its sites, the binary in $BIN.
# probe SITE: emulated, single_step (uprobes), usdt (the tj:op__start/op__done pair), getppid (a tracepoint pair),
# control (never(), a function never called: everything an agent does but the probes' firings).
probe() {
  case $1 in
    emulated|single_step) echo "{family: Uprobe, binary: $BIN, function: bench_$1}" ;;
    usdt) echo "{family: Usdt, binary: $BIN, usdt: {provider: tj, start: op__start, end: op__done}}" ;;
    getppid) echo "{family: Tracepoint, tracepoint: {start: 'syscalls:sys_enter_getppid', end: 'syscalls:sys_exit_getppid'}}" ;;
    control) echo "{family: Uprobe, binary: $BIN, function: never}" ;;
  esac
}
