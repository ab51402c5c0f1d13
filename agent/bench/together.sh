#!/usr/bin/env bash
# Do two processes traced at the same time pay the same per firing, while the node's cost moves? (issue 8: the
# cost figure is measured in the bundled target, not in the traced one.) Two together.c processes, each its own
# copy of the binary (so each probe is its own), each traced by its own agent with no budget for TRACE_S
# seconds; each times its bursts of calls. Per 5 s: the median traced CPU per call of each and their ratio.
# Usage: bash agent/bench/together.sh   (as root; TRACE_S, default 240)
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
S=${TRACE_S:-240}
gcc -O2 -o "$WORK/a" agent/bench/together.c
cp "$WORK/a" "$WORK/b"
for x in a b; do
  cat > "$WORK/$x.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: together-$x}
spec:
  target: {podName: bench}
  probe: {family: Uprobe, binary: $WORK/$x, function: together_fn}
  duration: ${S}s
  interval: 60s
  overheadBudget: {maxCpuPercent: 100, onExceed: DutyCycle}
YAML
done
"$WORK/a" $((S + 20)) > "$WORK/a.out" & TARGET=$!
"$WORK/b" $((S + 20)) > "$WORK/b.out" & B=$!
until grep -q ready "$WORK/a.out" "$WORK/b.out" 2>/dev/null && [ "$(grep -l ready "$WORK"/?.out | wc -l)" = 2 ]; do sleep 0.01; done
java -jar "$JAR" run -f "$WORK/a.yaml" --pid "$TARGET" --json "$WORK/a.json" > "$WORK/a.agent" 2>&1 &
java -jar "$JAR" run -f "$WORK/b.yaml" --pid "$B" --json "$WORK/b.json" > "$WORK/b.agent" 2>&1 &
wait %3 %4
kill "$B" 2>/dev/null || true
python3 - "$WORK" <<'PY'
import statistics as st, sys
work = sys.argv[1]
load = lambda x: [(int(l.split()[1]), float(l.split()[2])) for l in open(f"{work}/{x}.out") if l.startswith("w ")]
a, b = load("a"), load("b")
t0 = a[0][0]
def bins(x):
    d = {}
    for t, v in x:
        if v > 100: d.setdefault((t - t0) // 5_000_000_000, []).append(v)  # traced bursts only
    return {k: st.median(v) for k, v in d.items() if len(v) >= 20}
A, B = bins(a), bins(b)
both = sorted(set(A) & set(B))
r = [A[k] / B[k] for k in both]
print("| 5 s windows | a: ns a call, min–max | b: ns a call, min–max | a / b: median, windows within ±5 %, min–max |")
print("|---|---|---|---|")
print(f"| {len(both)} | {min(A[k] for k in both):,.0f}–{max(A[k] for k in both):,.0f} "
      f"| {min(B[k] for k in both):,.0f}–{max(B[k] for k in both):,.0f} "
      f"| {st.median(r):.3f}, {sum(0.95 <= x <= 1.05 for x in r)} of {len(r)}, {min(r):.2f}–{max(r):.2f} |")
PY
