#!/usr/bin/env bash
# What the cost sentinel's bursts cost the traced process's latency (issue 8): its calibration target runs on the
# CPU the trace fires on, beside the target. stall.c calls getppid 5,000 times a second, spinning between calls,
# and records every time it was off its CPU; an agent traces the getppid tracepoint pair for 20 s (calls 200 µs
# apart: the sentinel's bursts are paced pairs, its dearest) with the sentinel off, then on. Per trace: over its
# seconds (from 4 s after the agent's start to 1 s before its end), the median of each second's longest stall, the
# worst, and stalls over 1 ms and 0.5 ms per second (with the time in them).
# Usage: bash agent/bench/sentinel-stall.sh   (as root; REPS, default 2; SENTINEL, default "off on"; RATE, default
# 5000 calls/s: at 100000 the calls are 10 µs apart and the sentinel's bursts back to back instead)
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
gcc -O2 -o "$WORK/stall" agent/bench/stall.c
cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: stall}
spec:
  target: {podName: bench}
  probe: {family: Tracepoint, tracepoint: {start: 'syscalls:sys_enter_getppid', end: 'syscalls:sys_exit_getppid'}}
  duration: 20s
  interval: 10s
  overheadBudget: {maxCpuPercent: 100, onExceed: DutyCycle}
YAML
echo "| sentinel | longest stall a second (median) | worst | over 1 ms a second | over 0.5 ms a second (time in them) |"
echo "|---|---|---|---|---|"
for rep in $(seq "${REPS:-2}"); do
  for sentinel in ${SENTINEL:-off on}; do
    "$WORK/stall" 40 "${RATE:-5000}" > "$WORK/out" &
    TARGET=$!
    until grep -q ready "$WORK/out" 2>/dev/null; do sleep 0.01; done
    sleep 5
    start=$(date +%s%N)
    java -Dtracejob.costSentinel="$sentinel" -jar "$JAR" run -f "$WORK/job.yaml" --pid "$TARGET" \
      --json "$WORK/r.json" > "$WORK/agent" 2>&1 || { cat "$WORK/agent" >&2; exit 1; }
    end=$(date +%s%N)
    kill "$TARGET"; wait "$TARGET" 2>/dev/null || true
    python3 - "$WORK/out" "$start" "$end" "$sentinel" <<'PY'
import statistics as st, sys
out, s, e, sentinel = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [list(map(int, l.split()[1:])) for l in open(out) if l.startswith("s ")]
tr = [r for r in rows if s + 4e9 < r[0] < e - 1e9]
print(f"| {sentinel} | {st.median(r[1] for r in tr) / 1e3:,.0f} µs | {max(r[1] for r in tr) / 1e3:,.0f} µs "
      f"| {sum(r[2] for r in tr) / len(tr):.2f} | {sum(r[3] for r in tr) / len(tr):.2f} "
      f"({sum(r[4] for r in tr) / len(tr) / 1e3:,.0f} µs a second) |")
PY
  done
done
