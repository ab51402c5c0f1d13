#!/usr/bin/env bash
# Overhead budget benchmark: a target calling tick() as fast as it can (>= 100 k calls/s) is traced with
# maxCpuPercent 1 and onExceed DutyCycle. The target counts its own calls every 100 ms; its throughput
# while traced is compared with the untraced stretches of the same run before and after the trace, and
# the one-second intervals in which the agent observed no call (probes out) are compared on their own.
# Usage: bash agent/bench/budget-throughput.sh   (as root; TRACE_SECONDS=30 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
gcc -O1 -g -o "$WORK/spin_rate" agent/bench/spin_rate.c
PRE=10; TRACE=${TRACE_SECONDS:-30}; POST=10
cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: budget-bench}
spec:
  target: {podName: bench}
  probe: {family: Uprobe, binary: $WORK/spin_rate, function: tick}
  duration: ${TRACE}s
  interval: 1s
  overheadBudget: {maxCpuPercent: 1.0, onExceed: DutyCycle}
YAML
"$WORK/spin_rate" $((PRE + TRACE + POST + 5)) > "$WORK/rate.txt" &
SPIN=$!
sleep "$PRE"
START_MS=$(date +%s%3N)
java -jar "$JAR" run -f "$WORK/job.yaml" --pid "$SPIN" --json "$WORK/result.json" > "$WORK/agent.log" 2>&1
END_MS=$(date +%s%3N)
wait "$SPIN"
python3 - "$WORK/rate.txt" "$START_MS" "$END_MS" "$WORK/result.json" <<'PY'
import datetime, json, statistics, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
launch, end = int(sys.argv[2]), int(sys.argv[3])
r = json.load(open(sys.argv[4]))
first = rows[0][0]
def ms(iso):
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")[:26] + "+00:00").timestamp() * 1000)
untraced = [c for t, c in rows if first + 1000 <= t < launch - 200 or end + 500 <= t]
agent_run = [c for t, c in rows if launch + 100 <= t < end]
base = statistics.mean(untraced)
o = r["overhead"]
iv = r["intervals"]
starts = [ms(i["start"]) for i in iv] + [end]
def rate(a, b):
    w = [c for t, c in rows if a + 100 <= t <= b]
    return statistics.mean(w) if w else None
attached = rate(starts[0], starts[-1])
out = [rate(starts[k], starts[k + 1]) for k in range(len(iv)) if iv[k]["count"] == 0]
out = [x for x in out if x is not None]
print(f"untraced target: {base * 10:,.0f} calls/s ({len(untraced)} windows of 100 ms)")
print(f"from attach to detach: {attached * 10:,.0f} calls/s -> throughput loss {100 * (1 - attached / base):.2f}% (budget 1.00%; goal <= 1.10%)")
print(f"whole agent run incl. JVM start-up: {statistics.mean(agent_run) * 10:,.0f} calls/s -> loss {100 * (1 - statistics.mean(agent_run) / base):.2f}%")
if out:
    print(f"1 s intervals with the probes out ({len(out)} of {len(iv)}): {statistics.mean(out) * 10:,.0f} calls/s -> loss {100 * (1 - statistics.mean(out) / base):.2f}%")
print(f"agent: duty cycle {o['dutyCycle']:.3f}, {o['firings']:,} firings, est. {o['estimatedCpuPercent']:.2f}% of one core, site {o['attachClass']}, stop {r['stopReason']}")
print(f"load average at the end: {open('/proc/loadavg').read().split()[0]}")
PY
