#!/usr/bin/env bash
# Does the first call after a put-back cost more than the sentinel's price of a firing (issue 8)? putback.c calls an
# emulated-entry function 100 k times a second and times each call; an agent traces it at maxCpuPercent 1,
# DutyCycle, for 10 s, so the probes go in and out a few times. Per sentinel setting: the windows seen, the first
# calls after a put-back against the steady calls of a window, and the agent's price of a firing (a call is two
# firings: entry and return).
# Usage: bash agent/bench/putback.sh   (as root; SENTINEL, default "on off"; RATE, default 100000 calls/s; KIND,
# emulated (default) or single_step: the entry's first instruction single-stepped out of line)
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
gcc -O2 -I agent/bench -o "$WORK/putback" agent/bench/putback.c
cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: putback}
spec:
  target: {podName: bench}
  probe: {family: Uprobe, binary: $WORK/putback, function: pb_${KIND:-emulated}}
  duration: 10s
  interval: 10s
  overheadBudget: {maxCpuPercent: 1, onExceed: DutyCycle}
YAML
echo "| sentinel | windows | traced calls | 1st call after a put-back | 2nd | 3rd | steady call | agent's price a call |"
echo "|---|---|---|---|---|---|---|---|"
for sentinel in ${SENTINEL:-on off}; do
  "$WORK/putback" "${RATE:-100000}" "${KIND:-emulated}" > "$WORK/out" &
  TARGET=$!
  until grep -q ready "$WORK/out" 2>/dev/null; do sleep 0.01; done
  java -Dtracejob.costSentinel="$sentinel" -jar "$JAR" run -f "$WORK/job.yaml" --pid "$TARGET" \
    --json "$WORK/r.json" > "$WORK/agent" 2>&1 || { cat "$WORK/agent" >&2; exit 1; }
  kill -TERM "$TARGET"; wait "$TARGET" 2>/dev/null || true
  python3 - "$WORK/out" "$WORK/r.json" "$sentinel" <<'PY'
import json, sys
out, rj, sentinel = sys.argv[1:4]
lines = [l.split() for l in open(out)]
w = next(l for l in lines if l[0] == "windows")
calls = {int(l[1]): float(l[2]) for l in lines if l[0] == "call"}
price = json.load(open(rj))["overhead"]["nanosPerFiring"] * 2
print(f"| {sentinel} | {w[1]} | {int(w[3]):,} | {calls[0]:,.0f} ns | {calls[1]:,.0f} | {calls[2]:,.0f} "
      f"| {float(w[5]):,.0f} ns | {price:,.0f} ns |")
PY
done
