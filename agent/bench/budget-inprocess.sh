#!/usr/bin/env bash
# Budget benchmark (issue 8), judged inside one process: does maxCpuPercent hold over a short and a long trace, in
# the target's own measurement? cost-accuracy.sh compares a traced run with a control run of another process; two
# processes of the same binary differ by 2-5 % in CPU per call, and a thread calling as fast as it can drifts by
# ±4 % of a core within one process from second to second on this VM: more than the 1 % being judged. So here the
# target calls RATE times a second (100 k/s: the issue's "busy target"), paced by spinning, and times only its
# calls (selftimed.c's paced mode, printing running totals every 100 ms); one target lives through: untraced, a control agent
# (attached to never(), a function never called: JVM start, calibration, polling, all but the probes), untraced,
# the traced agent, untraced. Its CPU per call in the untraced windows is the baseline; each agent's cost is
# (CPU − calls × baseline) over the agent's life; the probes' cost is traced − control.
# Usage: bash agent/bench/budget-inprocess.sh   (as root; markdown on stdout)
# Knobs: SITES ("emulated single_step"), TRACE_S ("6 30"), MODES ("DutyCycle Stop"), REPS (1), QUIET_S (3), BUDGET (1),
# RATE (100000 calls/s).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=$PWD/agent/target/tracejob-agent.jar
[ -f "$JAR" ] || mvn -B -q -pl agent -am package -DskipTests
WORK=$(mktemp -d)
trap 'kill "${TARGET:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
BIN=$WORK/selftimed
gcc -O2 -g -o "$BIN" agent/bench/selftimed.c
SITES=${SITES:-"emulated single_step"}; TRACE_S=${TRACE_S:-"6 30"}; MODES=${MODES:-"DutyCycle Stop"}
REPS=${REPS:-1}; QUIET_S=${QUIET_S:-3}; BUDGET=${BUDGET:-1}; RATE=${RATE:-100000}

# agent FUNCTION SECONDS MODE OUT: one agent run against $TARGET; OUT.span gets its start and end (realtime ns)
agent() {
  cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: budget-bench}
spec:
  target: {podName: bench}
  probe: {family: Uprobe, binary: $BIN, function: $1}
  duration: ${2}s
  interval: 1s
  overheadBudget: {maxCpuPercent: $BUDGET, onExceed: $3}
YAML
  local start end
  start=$(date +%s%N)
  java -jar "$JAR" run -f "$WORK/job.yaml" --pid "$TARGET" --json "$4.json" > "$4.agent" 2>&1 || { cat "$4.agent" >&2; exit 1; }
  end=$(date +%s%N)
  echo "$start $end" > "$4.span"
}

report() { # SITE SECONDS MODE OUT_PREFIX
  python3 - "$@" <<'PY'
import json, sys
site, secs, mode, p = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
w = [tuple(map(int, l.split()[1:])) for l in open(p + "target") if l.startswith("w ")]
spans = {k: tuple(map(int, open(p + k + ".span").read().split())) for k in ("c", "t")}
def at(t):  # cumulative (calls, cpu) at realtime t, interpolated between windows
    for (t0, n0, c0), (t1, n1, c1) in zip(w, w[1:]):
        if t0 <= t <= t1:
            f = (t - t0) / (t1 - t0)
            return n0 + f * (n1 - n0), c0 + f * (c1 - c0)
    raise SystemExit(f"span outside the target's windows: {t}")
inside = lambda t: any(s <= t <= e for s, e in spans.values())
base_n = base_c = 0
for (t0, n0, c0), (t1, n1, c1) in zip(w[10:], w[11:]):  # skip the first second (start-up)
    if not inside(t0) and not inside(t1):
        base_n += n1 - n0; base_c += c1 - c0
per_call = base_c / base_n
def cost(k):
    s, e = spans[k]
    (n0, c0), (n1, c1) = at(s), at(e)
    return (c1 - c0) - (n1 - n0) * per_call
probes = cost("t") - cost("c")
r = json.load(open(p + "t.json")); o = r["overhead"]
attached = o["firings"] / o["firingsPerSecond"] if o["firingsPerSecond"] else float(secs)
if mode == "Stop":
    allowed = o["budgetCpuPercent"] / 100 * attached * 1e9 + (o.get("transitionNanos") or 0)
    verdict = f"{probes / 1e6:,.2f} ms ≤ {allowed / 1e6:,.2f} ms: {'yes' if probes <= allowed else '**no**'}"
else:
    pct = probes / (attached * 1e9) * 100
    verdict = f"{pct:.2f} % of a core: {'yes' if pct <= 1.1 * o['budgetCpuPercent'] else '**no**'}"
print(f"| {site} {secs} s {mode} | {per_call:,.0f} ns | {cost('c') / 1e6:,.1f} ms | {cost('t') / 1e6:,.1f} ms "
      f"| {verdict} | {o['estimatedCpuPercent']:.2f} % | {o['dutyCycle']:.3f} | {r.get('stopReason')} | {r.get('count', 0):,} |")
PY
}

echo "## Budget in one process: maxCpuPercent $BUDGET, the target calling $RATE times a second (spin-paced)"
echo
echo "| site, trace, onExceed | timed CPU per call (untraced) | control agent's cost | traced agent's cost | probes (traced − control) | reported | duty | stop | calls seen |"
echo "|---|---|---|---|---|---|---|---|---|"
for rep in $(seq "$REPS"); do
  for site in $SITES; do
    for secs in $TRACE_S; do
      for mode in $MODES; do
        p=$WORK/r-
        "$BIN" "$site" "$RATE" 3600 100 spin > "${p}target" &
        TARGET=$!
        until grep -q ready "${p}target" 2>/dev/null; do sleep 0.01; done
        sleep "$QUIET_S"; agent never "$secs" "$mode" "${p}c"
        sleep "$QUIET_S"; agent "bench_$site" "$secs" "$mode" "${p}t"
        sleep "$QUIET_S"
        kill -TERM "$TARGET"; wait "$TARGET" || true
        report "$site" "$secs" "$mode" "$p"
      done
    done
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
