#!/usr/bin/env bash
# Does a probe's cost per firing depend on the CPU it fires on, at the same moment? (issue 8: the cost sentinel
# measures beside the trace.) Two copies of the bundled calibration target, A pinned to CPU 0 and B to CPU 1, are
# probed at once (bpftrace: an emulated uprobe, and the getppid tracepoint pair); each times its own calls in turn,
# then the two swap CPUs, ROUNDS times. If the cost follows the CPU, A's and B's figures swap with them.
# Usage: bash agent/bench/per-cpu.sh   (as root, two CPUs or more; ROUNDS, default 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/calibrate" agent/src/main/resources/samples/calibrate.c
python3 - "$WORK/calibrate" "${ROUNDS:-4}" <<'PY'
import subprocess, sys, time
binary, rounds = sys.argv[1], int(sys.argv[2])
procs = []
for cpu in (0, 1):
    p = subprocess.Popen(["taskset", "-c", str(cpu), binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, bufsize=1)
    procs.append((p, int(p.stdout.readline().split()[1])))
def run(i, name, n):
    p = procs[i][0]; p.stdin.write(f"run {name} {n}\n"); p.stdin.flush()
    return float(p.stdout.readline().split()[3])  # the target's CPU time per call
def pin(i, cpu):
    subprocess.run(["taskset", "-p", "-c", str(cpu), str(procs[i][1])], check=True, capture_output=True)
def med(i, name, n): return sorted(run(i, name, n) for _ in range(3))[1]
pids = " || ".join(f"pid == {pid}" for _, pid in procs)
cases = {
    "emulated uprobe (a call: one firing)": ("emulated", None,
        f"uprobe:{binary}:cal_emulated /{pids}/ {{ @n = count(); }}"),
    "getppid tracepoint pair (a call: two firings)": ("getppid", "getpid",
        f"tracepoint:syscalls:sys_enter_getppid /{pids}/ {{ @s[tid] = nsecs; }} "
        f"tracepoint:syscalls:sys_exit_getppid /@s[tid]/ {{ @h = hist(nsecs - @s[tid]); delete(@s[tid]); }}"),
}
print("| probe | round | A on CPU 0, B on CPU 1: A, B ns a call | swapped: A on CPU 1, B on CPU 0 |")
print("|---|---|---|---|")
for label, (site, ref, prog) in cases.items():
    # untraced: the site's own cost per call on each CPU, subtracted below
    base = [{c: (pin(i, c), med(i, site, 20000))[1] for c in (0, 1)} for i in (0, 1)]
    for i in (0, 1): pin(i, i)
    bp = subprocess.Popen(["bpftrace", "-e", prog], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while "Attaching" not in bp.stdout.readline(): pass
    time.sleep(0.3)
    def cost(i, cpu):
        if ref is None: return med(i, site, 3000) - base[i][cpu]
        # a system call's own time moves with the node: the probe's cost is taken against getpid, untraced,
        # less the two calls' untraced difference
        d = sorted(run(i, site, 3000) - run(i, ref, 3000) for _ in range(3))[1]
        return d
    for r in range(rounds):
        a, b = cost(0, 0), cost(1, 1)
        pin(0, 1); pin(1, 0); time.sleep(0.1)
        a2, b2 = cost(0, 1), cost(1, 0)
        pin(0, 0); pin(1, 1); time.sleep(0.1)
        print(f"| {label} | {r + 1} | {a:,.0f}, {b:,.0f} | {a2:,.0f}, {b2:,.0f} |", flush=True)
    bp.terminate(); bp.wait()
for p, _ in procs: p.stdin.write("exit\n"); p.stdin.flush(); p.wait()
PY
