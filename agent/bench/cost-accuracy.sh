#!/usr/bin/env bash
# Cost benchmark (issue 8): is the agent's estimatedCpuPercent what the probes cost the target, and does a 1 % budget
# hold over short and long traces? The target (selftimed.c) times its own thread CPU per call; each traced run is
# judged against a control run of the same target with the agent attached to never(), a function never called, so
# the agent's own side effects (JVM start, the calibration, the node's load) cancel out.
# Usage: bash agent/bench/cost-accuracy.sh   (as root; markdown on stdout; ≈ 6 min)
# Knobs: TRACE_S (5) accuracy trace length, RATES ("5000 0": calls/s, 0 = as fast as it can), KINDS, BUDGET_S ("6 30"),
# STOP_S ("30": onExceed Stop runs). An empty KINDS, BUDGET_S or STOP_S skips that part.
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
BIN=$WORK/selftimed
gcc -O2 -g -o "$BIN" agent/bench/selftimed.c
TRACE_S=${TRACE_S:-5}; RATES=${RATES:-"5000 0"}; KINDS=${KINDS-"emulated single_step usdt getppid"}; BUDGET_S=${BUDGET_S-"6 30"}; STOP_S=${STOP_S-"30"}

. agent/bench/selftimed-probes.sh

# run KIND RATE SITE TRACE_SECONDS BUDGET ONEXCEED OUT: the target for the agent's whole run, the agent traced SITE
run() {
  local kind=$1 rate=$2 site=$3 secs=$4 budget=$5 onexceed=$6 out=$7
  cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: cost-bench}
spec:
  target: {podName: bench}
  probe: $(probe "$site")
  duration: ${secs}s
  interval: 1s
  overheadBudget: {maxCpuPercent: $budget, onExceed: $onexceed}
YAML
  "$BIN" "$kind" "$rate" 3600 > "$out.target" &
  local pid=$!
  until grep -q ready "$out.target" 2>/dev/null; do sleep 0.01; done
  java -jar "$JAR" run -f "$WORK/job.yaml" --pid "$pid" --json "$out.json" > "$out.agent" 2>&1 || { cat "$out.agent" >&2; exit 1; }
  kill -TERM "$pid"
  wait "$pid"
}

# warm the node's cost cache for every class, so each measured run starts alike
for k in $KINDS; do run "$k" 1000 "$k" 1 100 Stop "$WORK/warm" >/dev/null; done

report() { # KIND RATE CONTROL TRACED SECONDS
  python3 - "$@" <<'PY'
import json, sys
kind, rate, control, traced, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
def target(p):
    f = open(p + ".target").read().split("calls ")[1].split()
    return int(f[0]), int(f[2]), int(f[4])
cc, ccpu, _ = target(control)
tc, tcpu, twall = target(traced)
per_call = ccpu / cc
cost = tcpu - tc * per_call
r = json.load(open(traced + ".json"))
o = r["overhead"]
attached = o["firings"] / o["firingsPerSecond"] if o["firingsPerSecond"] else secs
measured = cost / (attached * 1e9) * 100
rep = o["estimatedCpuPercent"]
ratio = rep / measured if measured > 0 else float("nan")
rate_s = f"{rate:,}/s" if rate else f"{cc / (twall / 1e9):,.0f}/s (max)"
print(f"| {kind} | {rate_s} | {measured:.2f} % | {rep:.2f} % | {ratio:.2f} | {o['dutyCycle']:.3f} | {r.get('count', 0):,} | {o.get('nanosPerFiring', 0):,.0f} ns, {o.get('costSource', '')[:40]} | {o.get('budgetHeld')} |")
PY
}

echo "## Accuracy: ${TRACE_S} s traces, budget 100 %"
echo
echo "| site | calls (untraced) | measured | reported | reported / measured | duty | calls seen | cost per firing | budget held |"
echo "|---|---|---|---|---|---|---|---|---|"
for k in $KINDS; do
  for r in $RATES; do
    run "$k" "$r" control "$TRACE_S" 100 Stop "$WORK/c"
    run "$k" "$r" "$k" "$TRACE_S" 100 Stop "$WORK/t"
    report "$k" "$r" "$WORK/c" "$WORK/t" "$TRACE_S"
  done
done
echo
echo "## Budget: maxCpuPercent 1, DutyCycle, as fast as the target can call"
echo
echo "| site and trace | calls (untraced) | measured | reported | reported / measured | duty | calls seen | cost per firing | budget held |"
echo "|---|---|---|---|---|---|---|---|---|"
for s in $BUDGET_S; do
  for k in emulated single_step; do
    run "$k" 0 control "$s" 1 DutyCycle "$WORK/c"
    run "$k" 0 "$k" "$s" 1 DutyCycle "$WORK/t"
    report "$k ${s} s" 0 "$WORK/c" "$WORK/t" "$s"
  done
done

# Stop: the cost until the stop may be at most the budget over the time attached plus one take-out (the agent's
# measured transitions stand in for the take-out: attach + detach, an upper bound of one take-out).
report_stop() { # KIND CONTROL TRACED
  python3 - "$@" <<'PY'
import json, sys
kind, control, traced = sys.argv[1], sys.argv[2], sys.argv[3]
def target(p):
    f = open(p + ".target").read().split("calls ")[1].split()
    return int(f[0]), int(f[2]), int(f[4])
cc, ccpu, _ = target(control)
tc, tcpu, _ = target(traced)
cost = tcpu - tc * (ccpu / cc)
r = json.load(open(traced + ".json"))
o = r["overhead"]
attached = o["firings"] / o["firingsPerSecond"] if o["firingsPerSecond"] else 0.0
allowed = o["budgetCpuPercent"] / 100 * attached * 1e9 + (o.get("transitionNanos") or 0)
held = "yes" if cost <= allowed else "**no**"
print(f"| {kind} | {r.get('stopReason')} | {attached:.3f} s | {cost / 1e6:,.2f} ms | {allowed / 1e6:,.2f} ms | {held} | {o['estimatedCpuPercent']:.2f} % | {r.get('count', 0):,} |")
PY
}
if [ -n "$STOP_S" ]; then
  echo
  echo "## Stop: maxCpuPercent 1, onExceed Stop, as fast as the target can call"
  echo
  echo "| site and trace | stop reason | attached | measured cost until stop | allowed (1 % × attached + transitions) | held | reported | calls seen |"
  echo "|---|---|---|---|---|---|---|---|"
  for s in $STOP_S; do
    for k in emulated single_step; do
      run "$k" 0 control "$s" 1 Stop "$WORK/c"
      run "$k" 0 "$k" "$s" 1 Stop "$WORK/t"
      report_stop "$k ${s} s" "$WORK/c" "$WORK/t"
    done
  done
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
