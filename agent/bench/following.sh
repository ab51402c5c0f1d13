#!/usr/bin/env bash
# Process following per mode (see docs/benchmarks.md, "Following the target's processes"): calls missed per new
# process and the fork-to-first-traced-call delay they imply, for BINARY_WIDE and PER_PROCESS.
# Usage (root): agent/bench/following.sh     Knobs: REPS=3 CHILDREN=30 CHILD_MS=50. Markdown on stdout.
# The cost to another process of the same binary per mode is part of run-all.sh ("second").
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/agent/target/tracejob-agent.jar
REPS=${REPS:-3}
CHILDREN=${CHILDREN:-30}
CHILD_MS=${CHILD_MS:-50}
[[ $(id -u) == 0 ]] || { echo "following.sh: needs root" >&2; exit 1; }
[[ -f $jar ]] || (cd "$root" && mvn -B -q -o package -DskipTests)

work=$(mktemp -d /tmp/tj-follow.XXXXXX)
cleanup() {
    local p
    for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

gcc -O1 -g -no-pie -fcf-protection=none -o "$work/tree" "$root/agent/src/test/resources/targets/follow_tree.c"
cat >"$work/m.yaml" <<YAML
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata: {name: follow}
spec:
  target: {podName: x}
  probe: {family: Uprobe, binary: $work/tree, function: work}
  duration: 10m
  overheadBudget: {maxCpuPercent: 100}
YAML

wait_for() { # file regex seconds
    local deadline=$((SECONDS + $3))
    until grep -qE "$2" "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || { echo "following.sh: no '$2' in $1" >&2; cat "$1" >&2; return 1; }
        sleep 0.05
    done
}

# "fork → traced" is derived from the count: a child calls at a steady rate for CHILD_MS, so the share of its
# calls the agent missed is the share of its life before it was traced. The children's own byte test ("calls
# before the breakpoint") is exact for BINARY_WIDE but blind for PER_PROCESS: a child inherits the parent's
# breakpoint bytes with fork() and keeps them until its first trap, whether or not it is traced.
echo "| mode | run | calls by $CHILDREN children ($CHILD_MS ms each) | counted by the agent | missed per new process | ≈ fork → traced | calls before the breakpoint (children's own count) |"
echo "|---|---|---|---|---|---|---|"
for mode in BINARY_WIDE PER_PROCESS; do
    for ((r = 1; r <= REPS; r++)); do
        rm -f "$work/in" && mkfifo "$work/in"
        "$work/tree" <"$work/in" >"$work/target.out" &
        tpid=$!
        exec 3>"$work/in"
        wait_for "$work/target.out" '^ready' 10
        java -jar "$jar" run --pid "$tpid" -f "$work/m.yaml" --following "$mode" --json "$work/r.json" >"$work/agent.out" 2>&1 &
        apid=$!
        wait_for "$work/agent.out" '^Tracing ' 60
        echo "spawn $CHILDREN $CHILD_MS" >&3
        wait_for "$work/target.out" '^done calls' 120
        kill -TERM "$apid"; wait "$apid" || true
        exec 3>&-
        wait "$tpid" || true
        read -r calls unprobed never mean max < <(sed -n 's/^done calls=\([0-9]*\) children=[0-9]* unprobed=\([0-9]*\) never=\([0-9]*\) probed_after_mean_ns=\([0-9]*\) probed_after_max_ns=\([0-9]*\)/\1 \2 \3 \4 \5/p' "$work/target.out")
        counted=$(grep -o '"count" *: *[0-9]*' "$work/r.json" | head -1 | grep -o '[0-9]*$')
        awk -v m="$mode" -v r="$r" -v c="$calls" -v n="$counted" -v k="$CHILDREN" -v u="$unprobed" -v nv="$never" -v ms="$CHILD_MS" 'BEGIN {
            lat = 0; if (c > 0) lat = (c - n) / c * ms
            printf "| %s | %d | %d | %d | %.1f | %.1f ms | %d |\n", m, r, c, n, (c - n) / k, lat, u }'
    done
done
