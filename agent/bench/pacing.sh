#!/usr/bin/env bash
# Does a probe cost more per call when calls come far apart? (issue 8: the cost figure is measured by calls made
# back to back.) One pacing.c process runs its three phases in turn for 60 s; an agent traces it for 30 s from
# 8 s in, with no budget. Per phase: the median untraced and traced time per call, their difference (the probe's
# cost per call, as the target timed it) and the node's figure the agent priced it at (two firings a call).
# Usage: bash agent/bench/pacing.sh   (as root; REPS, default 3; KIND=getppid: the getppid tracepoint pair instead of
# the emulated uprobe)
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
gcc -O2 -o "$WORK/pacing" agent/bench/pacing.c
cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: pacing}
spec:
  target: {podName: bench}
  probe: $([ "${KIND:-emulated}" = getppid ] \
    && echo "{family: Tracepoint, tracepoint: {start: 'syscalls:sys_enter_getppid', end: 'syscalls:sys_exit_getppid'}}" \
    || echo "{family: Uprobe, binary: $WORK/pacing, function: paced_emulated}")
  duration: 30s
  interval: 10s
  overheadBudget: {maxCpuPercent: 100, onExceed: DutyCycle}
YAML
echo "| run | node's figure a call | back to back: untraced, traced, probe | every 10 µs | every 200 µs |"
echo "|---|---|---|---|---|"
for rep in $(seq "${REPS:-3}"); do
  "$WORK/pacing" 40 "${KIND:-emulated}" > "$WORK/out" &
  TARGET=$!
  until grep -q ready "$WORK/out" 2>/dev/null; do sleep 0.01; done
  sleep 8
  start=$(date +%s%N)
  java -jar "$JAR" run -f "$WORK/job.yaml" --pid "$TARGET" --json "$WORK/r.json" > "$WORK/agent" 2>&1
  end=$(date +%s%N)
  wait "$TARGET"
  python3 - "$WORK" "$start" "$end" "$rep" <<'PY'
import collections, json, statistics as st, sys
work, s, e, rep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
untraced, traced = collections.defaultdict(list), collections.defaultdict(list)
for l in open(work + "/out"):
    if not l.startswith("p "): continue
    _, t, _, gap, mean = l.split(); t = int(t)
    # traced: from 2.5 s after the agent started (JVM, calibration, attach) to 1 s before it ended
    if s + 2.5e9 < t < e - 1e9: traced[gap].append(float(mean))
    elif t < s - 0.5e9 or t > e + 1e9: untraced[gap].append(float(mean))
o = json.load(open(work + "/r.json"))["overhead"]
cells = []
for gap in ("0", "10000", "200000"):
    u, t = st.median(untraced[gap]), st.median(traced[gap])
    cells.append(f"{u:,.0f}, {t:,.0f}, **{t - u:,.0f} ns**")
print(f"| {rep} | {2 * o['nanosPerFiring']:,.0f} ns | " + " | ".join(cells) + " |")
PY
done
