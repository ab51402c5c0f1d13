#!/usr/bin/env bash
# How often the host takes this VM's vCPUs: host-gaps.c spins on each CPU in turn (taskset) for DURATION seconds (default 5)
# and counts the gaps between two clock reads. Run it on an otherwise idle machine; a gap over 20 µs there is the
# host's (or an interrupt's), and it lands on the per-call timings of every benchmark. /proc/stat shows no steal
# time on this kind of VM, so this is how it is seen.
# Usage: bash agent/bench/host-gaps.sh   (DURATION, seconds on each CPU, default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/gaps" agent/bench/host-gaps.c
echo "| CPU | gaps over 5 µs a second | over 20 µs a second | their mean | share of the time | over 100 µs a second |"
echo "|---|---|---|---|---|---|"
for cpu in $(seq 0 $(($(nproc) - 1))); do
  taskset -c "$cpu" "$WORK/gaps" "${DURATION:-5}" | python3 -c '
import sys
cpu = sys.argv[1]
_, s, o5, o20, in20, o100 = sys.stdin.read().split()
s = float(s); o20 = int(o20)
print(f"| {cpu} | {int(o5) / s:,.0f} | {o20 / s:,.0f} | {int(in20) / max(o20, 1) / 1e3:,.1f} µs "
      f"| {int(in20) / s / 1e9 * 100:.1f} % | {int(o100) / s:,.1f} |")' "$cpu"
done
