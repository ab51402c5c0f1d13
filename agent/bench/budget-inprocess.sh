#!/usr/bin/env bash
# Budget benchmark (issue 8), judged inside one process: does maxCpuPercent hold over a short and a long trace, in
# the target's own measurement? cost-accuracy.sh compares a traced run with a control run of another process; two
# processes of the same binary differ by 2-5 % in CPU per call, and a thread calling as fast as it can drifts by
# ±4 % of a core within one process from second to second on this VM: more than the 1 % being judged. So here the
# target calls RATE times a second (100 k/s: the issue's "busy target"), paced by spinning, and times only its
# calls (selftimed.c's paced mode, printing running totals every 100 ms); one target lives through: untraced, a control agent
# (attached to never(), a function never called: JVM start, calibration, polling, all but the probes), untraced,
# the traced agent, untraced. Its CPU per call in the untraced windows is the baseline; each agent's cost is
# (CPU − calls × baseline) over a span; the probes' cost is traced − control over the trace: from 200 ms before each
# agent's "Tracing" line to 200 ms after the traced agent's Result, the control over a span as long (whole lives,
# JVM start and exit included, are given too: they move by tens of ms from run to run).
# Usage: bash agent/bench/budget-inprocess.sh   (as root; markdown on stdout)
# With BUDGET=100 nothing is duty cycled: the table is then the accuracy of estimatedCpuPercent at RATE.
# MODES: DutyCycle, Stop (judged against the budget over the time attached plus one take-out, and over the time from
# the agent's start to the stop plus one take-out) and TakeOut (what one
# take-out costs this target: the end of a full-duty trace, from its deadline to the Result; run it before Stop).
# Knobs: SITES ("emulated single_step"; also usdt, getppid), TRACE_S ("6 30"), MODES ("TakeOut DutyCycle Stop"), REPS (1),
# QUIET_S (3), BUDGET (1), FRESH_COSTS (0; 1: no agent reuses another's measured costs), SENTINEL (on; off: the
# cost per firing is the one figure known at the start, not followed during the trace),
# RATE (100000 calls/s), TIMING (mono: each call timed by CLOCK_MONOTONIC, calls over 100 µs left out as preempted;
# cpu: by the thread's CPU clock, as the first figures were).
set -euo pipefail
cd "$(dirname "$0")/../.."
. agent/bench/bench-setup.sh
BIN=$WORK/selftimed
gcc -O2 -g -o "$BIN" agent/bench/selftimed.c
SITES=${SITES:-"emulated single_step"}; TRACE_S=${TRACE_S:-"6 30"}; MODES=${MODES:-"TakeOut DutyCycle Stop"}
REPS=${REPS:-1}; QUIET_S=${QUIET_S:-3}; BUDGET=${BUDGET:-1}; RATE=${RATE:-100000}; TIMING=${TIMING:-mono}

. agent/bench/selftimed-probes.sh

# agent SITE SECONDS MODE OUT: one agent run against $TARGET; OUT.span gets its start and end (realtime ns)
agent() {
  cat > "$WORK/job.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: budget-bench}
spec:
  target: {podName: bench}
  probe: $(probe "$1")
  duration: ${2}s
  interval: 1s
  overheadBudget: {maxCpuPercent: $([ "$3" = TakeOut ] && echo 100 || echo "$BUDGET"), onExceed: $([ "$3" = TakeOut ] && echo DutyCycle || echo "$3")}
YAML
  local start end
  # FRESH_COSTS=1: every agent measures this node's costs at its start (no cached figure)
  [ "${FRESH_COSTS:-0}" = 1 ] && rm -f /tmp/tracejob-costs-*.json
  start=$(date +%s%N)
  # each output line stamped with the realtime it was read at (TakeOut finds the detach by them)
  java -Dtracejob.costSentinel="${SENTINEL:-on}" -jar "$JAR" run -f "$WORK/job.yaml" --pid "$TARGET" --json "$4.json" 2>&1 \
    | while IFS= read -r l; do printf '%s %s\n' "$(date +%s%N)" "$l"; done > "$4.agent" \
    || { cat "$4.agent" >&2; exit 1; }
  [ -s "$4.json" ] || { cat "$4.agent" >&2; exit 1; }
  end=$(date +%s%N)
  echo "$start $end" > "$4.span"
}

report() { # SITE SECONDS MODE OUT_PREFIX
  python3 - "$@" <<'PY'
import json, sys
site, secs, mode, p = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [l.split() for l in open(p + "target") if l.startswith("w ")]
w = [tuple(map(int, l[1:4])) for l in rows]
lo = {int(l[1]): int(l[4]) for l in rows if len(l) > 4}
w_abs = w
if rows and len(rows[0]) > 6:
    # getppid with its in-process reference (selftimed.c): each window's calls are charged at what the
    # reference call (getpid + the same body) cost beyond its untraced mean in that same window, so the node's
    # movement of the system call's own ≈ 1 µs is taken out. The slow path every system call takes while a
    # syscall tracepoint is on (≈ 30-90 ns, paid by getpid too) is then not counted: the agent's figure
    # includes it, so this judge reads it a few per cent high.
    w, c = [], 0.0
    for a, b in zip(rows, rows[1:]):
        dn, dc, drn, drc = int(b[2]) - int(a[2]), int(b[3]) - int(a[3]), int(b[5]) - int(a[5]), int(b[6]) - int(a[6])
        c += dc - (dn * drc / drn if drn else 0)
        w.append((int(b[1]), int(b[2]), c))
spans = {k: tuple(map(int, open(p + k + ".span").read().split())) for k in ("c", "t")}
def at(t, w=w):  # cumulative (calls, cpu) at realtime t, interpolated between windows
    for (t0, n0, c0), (t1, n1, c1) in zip(w, w[1:]):
        if t0 <= t <= t1:
            f = (t - t0) / (t1 - t0)
            return n0 + f * (n1 - n0), c0 + f * (c1 - c0)
    raise SystemExit(f"span outside the target's windows: {t}")
inside = lambda t: any(s <= t <= e for s, e in spans.values())
def baseline(w):
    base_n = base_c = 0
    for (t0, n0, c0), (t1, n1, c1) in zip(w[10:], w[11:]):  # skip the first second (start-up)
        if not inside(t0) and not inside(t1):
            base_n += n1 - n0; base_c += c1 - c0
    return base_c / base_n
per_call, per_call_abs = baseline(w), baseline(w_abs)
def extra(s, e, w=w, per_call=per_call):  # the target's CPU from s to e beyond what its calls cost untraced
    (n0, c0), (n1, c1) = at(s, w), at(e, w)
    return (c1 - c0) - (n1 - n0) * per_call
def cost(k):  # over an agent's whole life
    return extra(*spans[k])
def line_at(k, prefix):  # realtime at which the agent's line starting with prefix was read
    return next(int(t) for t, l in (x.split(" ", 1) for x in open(p + k + ".agent")) if l.startswith(prefix))
t_result = line_at("t", "== TraceJob result")
probes = cost("t") - cost("c")
r = json.load(open(p + "t.json")); o = r["overhead"]
attached = o["firings"] / o["firingsPerSecond"] if o["firingsPerSecond"] else float(secs)
import os
takeout_file = os.path.join(os.path.dirname(p), f"takeout-{site}")
if mode == "TakeOut":
    # the full-duty trace ends SECONDS after its "Tracing" line; from there to the Result's line the
    # probes are being taken out: what that costs the target beyond its untraced calls is one take-out
    s0 = line_at("t", "Tracing ") + int(secs) * 10**9
    takeout = extra(s0, t_result)
    if o["dutyCycle"] < 0.999:
        # the probes cost more than a core at full duty, so even a 100 % budget cycled them: they may
        # have been out at the deadline, and then nothing was taken out there
        print(f"| {site} take-out | {per_call_abs:,.0f} ns | | | not measured: the full-duty trace was duty cycled "
              f"(duty {o['dutyCycle']:.3f}); a take-out measured before is kept | | | | | |")
        raise SystemExit
    open(takeout_file, "w").write(str(takeout))
    print(f"| {site} take-out (after a {secs} s full-duty trace) | {per_call_abs:,.0f} ns | | | **{takeout / 1e6:,.1f} ms** of "
          f"the target's CPU over {(t_result - s0) / 1e6:,.0f} ms | {o['estimatedCpuPercent']:.2f} % (full duty) | | | "
          f"{r.get('count', 0):,} | |")
    raise SystemExit
# Over the trace alone: from 200 ms before each agent's "Tracing" line (the attach comes just before it) to
# 200 ms after the traced agent's Result, the control agent over a span as long from its own "Tracing" line:
# what the traced agent's JVM does beside the target then (its threads preempting the target's calls for under
# 100 µs, up to 3 ms per 100 ms on 2 vCPUs) the control's JVM does too, so traced − control is the probes'.
# Over whole lives (JVM start and exit) traced − control moves by tens of ms from run to run.
t_from = line_at("t", "Tracing ") - 200_000_000
c_from = line_at("c", "Tracing ") - 200_000_000
span = t_result + 200_000_000 - t_from
probes_around = extra(t_from, t_from + span) - extra(c_from, c_from + span)
if mode == "Stop":
    # one take-out: as measured on this target (a TakeOut row before), else the agent's kernel calls
    takeout = float(open(takeout_file).read()) if os.path.exists(takeout_file) else (o.get("transitionNanos") or 0)
    # "the budget over that time": strictly, the time attached; read as the trace's time until the stop (from
    # the agent's start, which is when the user's trace began and when the budget's first window accrues)
    strict = o["budgetCpuPercent"] / 100 * attached * 1e9 + takeout
    from_start = o["budgetCpuPercent"] / 100 * (t_result - spans["t"][0]) + takeout
    verdict = (f"{probes_around / 1e6:,.2f} ms ≤ {strict / 1e6:,.2f} attached: {'yes' if probes_around <= strict else '**no**'}; "
               f"≤ {from_start / 1e6:,.2f} from the start: {'yes' if probes_around <= from_start else '**no**'} "
               f"(whole lives {probes / 1e6:,.1f} ms)")
else:
    pct = probes_around / (attached * 1e9) * 100
    whole = f" (whole lives {probes / (attached * 1e9) * 100:.2f} %)"
    if o['budgetCpuPercent'] >= 100:  # accuracy: the reported figure against the measured one
        ratio = o['estimatedCpuPercent'] / pct if pct > 0 else float('inf')
        import re  # the sentinel's CPUs and range, else where the one figure came from
        m = re.search(r"bundled target (on .*? ns a firing)", o.get('costSource', ''))
        paced = re.search(r"\((\d+) paced", o.get('costSource', ''))
        src = (m.group(1) + (f", {paced.group(1)} bursts paced" if paced else "")) if m else o.get('costSource', '')[:22]
        call_note = f", {probes_around / max(r.get('count', 0), 1):,.0f} ns a call at {o['nanosPerFiring']:,.0f} ns a firing ({src})"
        if w is not w_abs:  # the same judged without the reference: what the earlier tables used
            abs_around = (extra(t_from, t_from + span, w_abs, per_call_abs)
                          - extra(c_from, c_from + span, w_abs, per_call_abs))
            call_note += f"; without the reference {o['estimatedCpuPercent'] / (abs_around / (attached * 1e9) * 100):.2f}"
        verdict = f"{pct:.2f} % of a core, reported/measured {ratio:.2f}: {'yes' if 0.9 <= ratio <= 1.25 else '**no**'}{whole}{call_note}"
    else:
        import re
        paced = re.search(r"\((\d+) paced", o.get('costSource', ''))
        verdict = (f"{pct:.2f} % of a core: {'yes' if pct <= 1.1 * o['budgetCpuPercent'] else '**no**'}{whole}"
                   + (f", {paced.group(1)} sentinel bursts paced" if paced else ""))
def left(k):  # calls left out as preempted (> 100 µs, mono timing) within an agent's span
    if not lo: return "–"
    s, e = spans[k]
    inside_t = sorted(t for t in lo if s <= t <= e)
    before = [t for t in lo if t < s]
    return f"{lo[inside_t[-1]] - lo[max(before)] if inside_t and before else 0:,}"
print(f"| {site} {secs} s {mode} | {per_call_abs:,.0f} ns | {cost('c') / 1e6:,.1f} ms | {cost('t') / 1e6:,.1f} ms "
      f"| {verdict} | {o['estimatedCpuPercent']:.2f} % | {o['dutyCycle']:.3f} | {r.get('stopReason')} | {r.get('count', 0):,} "
      f"| {left('c')} / {left('t')} |")
PY
}

echo "## Budget in one process: maxCpuPercent $BUDGET, the target calling $RATE times a second (spin-paced)"
echo
echo "| site, trace, onExceed | timed per call (untraced) | control agent's cost | traced agent's cost | probes over the trace (traced − control) | reported | duty | stop | calls seen | calls left out (control / traced) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for rep in $(seq "$REPS"); do
  for site in $SITES; do
    for secs in $TRACE_S; do
      for mode in $MODES; do
        # one take-out per site is enough: measured after the first trace length only
        [ "$mode" = TakeOut ] && [ "$secs" != "${TRACE_S%% *}" ] && continue
        p=$WORK/r-
        "$BIN" "$site" "$RATE" 3600 100 spin "$TIMING" > "${p}target" &
        TARGET=$!
        until grep -q ready "${p}target" 2>/dev/null; do sleep 0.01; done
        sleep "$QUIET_S"; agent control "$secs" "$mode" "${p}c"
        sleep "$QUIET_S"; agent "$site" "$secs" "$mode" "${p}t"
        sleep "$QUIET_S"
        kill -TERM "$TARGET"; wait "$TARGET" || true
        report "$site" "$secs" "$mode" "$p"
      done
    done
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
