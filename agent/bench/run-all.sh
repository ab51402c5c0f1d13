#!/usr/bin/env bash
# TraceJob agent benchmarks (see docs/benchmarks.md): per-call cost against bpftrace for each attach class,
# cost to a second process of the same binary, start-to-attached time, agent memory.
# Usage (root, from anywhere): agent/bench/run-all.sh        Prints markdown tables on stdout, progress on stderr.
# Knobs (environment): REPS=3 WINDOW_MS=250 PAD=40000 BASE_S=2 TRACED_S=4 STARTUP_RUNS=10 RSS_S=20
#   WAIT_QUIET=1 (wait up to 15 min for a 1-minute load average < 1.0 before measuring) KEEP=1 (keep the work dir)
#   ONLY="callcost second startup memory" (a subset)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/agent/target/tracejob-agent.jar
REPS=${REPS:-3}
WINDOW_MS=${WINDOW_MS:-250}
PAD=${PAD:-40000}      # padding per iteration: keeps the agent's own CPU estimate under its 100 % budget cap
BASE_S=${BASE_S:-2}
TRACED_S=${TRACED_S:-4}
STARTUP_RUNS=${STARTUP_RUNS:-10}
RSS_S=${RSS_S:-20}
WAIT_QUIET=${WAIT_QUIET:-1}
ONLY=${ONLY:-"callcost second startup memory"}

[[ $(id -u) == 0 ]] || { echo "run-all.sh: needs root (uprobes, BPF)" >&2; exit 1; }
for tool in gcc bpftrace java awk; do
    command -v "$tool" >/dev/null || { echo "run-all.sh: '$tool' not found on PATH" >&2; exit 1; }
done
if [[ ! -f $jar ]]; then
    echo "building $jar ..." >&2
    (cd "$root" && mvn -B -q -o package -DskipTests)
fi

work=$(mktemp -d /tmp/tj-bench.XXXXXX)
cleanup() {
    local p
    # only this shell's own unreaped background jobs (targets, tracers): never a recycled pid
    for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${KEEP:-0} == 1 ]]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' INT TERM   # so that the EXIT trap also runs when the script is interrupted

log() { echo "[$(date +%T) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }

wait_quiet() {
    [[ $WAIT_QUIET == 1 ]] || return 0
    local i
    for ((i = 0; i < 45; i++)); do
        awk '{ exit !($1 < 1.0) }' /proc/loadavg && return 0
        log "waiting for the 1-minute load average to drop below 1.0"
        sleep 20
    done
    log "machine never got quiet; measuring anyway"
}

# --- targets ---------------------------------------------------------------------------------------------
src=$here/callcost.c
declare -A flags=(
    [push]="-O1 -fno-omit-frame-pointer -fcf-protection=none -DVARIANT_C"
    [endbr64]="-O1 -fno-omit-frame-pointer -fcf-protection=full -DVARIANT_C"
    [nop5]="-O1 -fno-omit-frame-pointer -fcf-protection=none -DVARIANT_NOP5"
    [mov]="-O2 -fomit-frame-pointer -fcf-protection=none -DVARIANT_C"
)
classes=(push endbr64 nop5 mov)
for c in "${classes[@]}"; do
    # shellcheck disable=SC2086
    gcc -Wall ${flags[$c]} -o "$work/callcost-$c" "$src"
done

manifest() { # binary duration -> manifest path
    local m=$work/tracejob-$(basename "$1")-$2.yaml
    cat >"$m" <<EOF
apiVersion: tracing.tracejob.io/v1alpha1
kind: TraceJob
metadata:
  name: bench
spec:
  target:
    podName: bench
  probe:
    family: Uprobe
    binary: $1
    function: bench_fn
  duration: $2
  interval: $2
  overheadBudget:
    maxCpuPercent: 100
    onExceed: Stop
EOF
    echo "$m"
}

# --- helpers ---------------------------------------------------------------------------------------------
nwin() { grep -c '^win' "$1" || true; }

wait_for() { # file pattern timeout_s
    local deadline=$((SECONDS + $3))
    until grep -q "$2" "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || { echo "run-all.sh: timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1; }
        sleep 0.05
    done
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }

windows() { # file from to column(3 = wall, 4 = CPU): the window values with index in (from, to]
    grep '^win' "$1" | sed -n "$(($2 + 1)),$3p" | awk -v c="$4" '{ print $c }'
}

tracer_start() { # tool binary pid out -> sets tracer_pid; returns once attached
    local tool=$1 bin=$2 pid=$3 out=$4
    tracer_kind=$tool
    if [[ $tool == ours* ]]; then
        local following=()
        [[ $tool == ours-binary-wide ]] && following=(--following BINARY_WIDE)
        java -jar "$jar" run --pid "$pid" -f "$(manifest "$bin" 120s)" "${following[@]}" >"$out" 2>&1 &
        tracer_pid=$!
        wait_for "$out" '^Tracing ' 60
    else
        bpftrace -e "uprobe:$bin:bench_fn /pid == $pid/ { @s[tid] = nsecs; }
            uretprobe:$bin:bench_fn /@s[tid]/ { @h = hist(nsecs - @s[tid]); delete(@s[tid]); }" >"$out" 2>&1 &
        tracer_pid=$!
        wait_for "$out" '^Attaching' 60
    fi
}

tracer_stop() {
    # TERM, not INT: a background job of a non-interactive shell starts with SIGINT ignored, and the JVM then
    # keeps ignoring it (bpftrace installs its own INT handler regardless); the agent stops cleanly on TERM too
    local sig=INT
    [[ $tracer_kind == ours* ]] && sig=TERM
    kill -"$sig" "$tracer_pid"
    wait "$tracer_pid" || true
}

# One run: start the observed target (and, with other=1, a second instance of the same binary that is the
# one traced), take baseline windows, attach, take traced windows, detach, take baseline windows again.
# Sets M to: baseline_cpu traced_cpu baseline_wall traced_wall result  (runs in this shell, so every
# process it starts is one of this shell's jobs and the EXIT trap can stop it)
measure() { # tool class other
    local tool=$1 bin=$work/callcost-$2 other=$3 run=$work/run-$1-$2-$3-$RANDOM
    "$bin" "$WINDOW_MS" "$PAD" >"$run.obs" &
    local obs=$!
    local traced=$obs
    if [[ $other == 1 ]]; then
        "$bin" "$WINDOW_MS" "$PAD" >"$run.other" &
        traced=$!
    fi
    sleep 1
    local b0 b1 n0 n1 a0 a1
    b0=$(nwin "$run.obs"); sleep "$BASE_S"; b1=$(nwin "$run.obs")
    tracer_start "$tool" "$bin" "$traced" "$run.tracer"
    sleep 1
    n0=$(nwin "$run.obs"); sleep "$TRACED_S"; n1=$(nwin "$run.obs")
    tracer_stop
    sleep 1
    a0=$(nwin "$run.obs"); sleep "$BASE_S"; a1=$(nwin "$run.obs")
    kill "$obs" "$traced" 2>/dev/null || true
    wait "$obs" "$traced" 2>/dev/null || true
    local result=attached
    if [[ $tool == ours* ]]; then
        result=$(grep -o 'TraceJob result: [A-Za-z]*' "$run.tracer" | awk '{ print $3 }')
        result="$result,$(grep -o 'site [A-Z0-9_]*' "$run.tracer" | awk '{ print $2 }')"
    fi
    local col figures=""
    for col in 4 3; do
        figures+="$({ windows "$run.obs" "$b0" "$b1" $col; windows "$run.obs" "$a0" "$a1" $col; } | median) "
        figures+="$(windows "$run.obs" "$n0" "$n1" $col | median) "
    done
    M="$figures$result"
}

sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }
goal_met() { awk -v v="$1" -v g="$2" 'BEGIN { print (v != "n/a" && v <= g) ? "yes" : "no" }'; }

wait_quiet
cat <<EOF
## Machine
- $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); kernel $(uname -r); Debian $(cat /etc/debian_version)
- load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $REPS repetitions; window ${WINDOW_MS} ms; padding $PAD
EOF

# --- 1. per-call cost per attach class -------------------------------------------------------------------
if wants callcost; then
    echo
    echo "## Per-call cost (entry + return probe) — thread CPU ns added per call, median of $REPS runs (min–max)"
    echo
    echo "| first instruction | our site | untraced ns/iter | bpftrace +ns/call | ours +ns/call | ours/bpftrace (per-run range) | goal | met |"
    echo "|---|---|---|---|---|---|---|---|"
    for c in "${classes[@]}"; do
        bt=() us=() rs=() base=() site=""
        for ((r = 1; r <= REPS; r++)); do
            log "callcost $c run $r: bpftrace"
            measure bpftrace "$c" 0
            read -r b t bw tw _ <<<"$M"
            a_bt=$(sub "$t" "$b"); base+=("$b"); w_bt=$(sub "$tw" "$bw")
            log "callcost $c run $r: ours"
            measure ours "$c" 0
            read -r b t bw tw res <<<"$M"
            a_us=$(sub "$t" "$b"); base+=("$b"); w_us=$(sub "$tw" "$bw")
            [[ $res == Signalled,* ]] || log "WARNING: our trace ended '$res' (expected Signalled: stopped by SIGTERM)"
            site=${res#*,}
            bt+=("$a_bt") us+=("$a_us") rs+=("$(ratio "$a_us" "$a_bt")")
            log "  CPU: bpftrace +$a_bt ns, ours +$a_us ns ($res); wall: bpftrace +$w_bt ns, ours +$w_us ns"
        done
        mb=$(printf '%s\n' "${bt[@]}" | median) mu=$(printf '%s\n' "${us[@]}" | median)
        goal=1.0; [[ $c == endbr64 ]] && goal=0.35
        rt=$(ratio "$mu" "$mb")
        printf '| %s | %s | %s | %s (%s) | %s (%s) | %s (%s) | ≤ %s | %s |\n' "$c" "$site" \
            "$(printf '%s\n' "${base[@]}" | median)" "$mb" "$(printf '%s\n' "${bt[@]}" | minmax)" \
            "$mu" "$(printf '%s\n' "${us[@]}" | minmax)" "$rt" "$(printf '%s\n' "${rs[@]}" | grep -v n/a | minmax)" "$goal" "$(goal_met "$rt" "$goal")"
    done
fi

# --- 2. cost to a second process of the same binary ------------------------------------------------------
if wants second; then
    echo
    echo "## Cost to a second, untraced process of the same binary (push class) — its thread CPU ns/iter, median of $REPS runs (min–max)"
    echo
    echo "| tracer (attached to the other process) | untraced ns/iter | while the other is traced | added ns/iter | goal |"
    echo "|---|---|---|---|---|"
    # ours: the default, PerProcess here (the other process maps the binary when the trace starts);
    # ours-binary-wide: --following BINARY_WIDE, the other process traps and runs the membership check
    for tool in ours ours-binary-wide bpftrace; do
        base=() during=() added=()
        for ((r = 1; r <= REPS; r++)); do
            log "second process run $r: $tool"
            measure "$tool" push 1
            read -r b t bw tw _ <<<"$M"
            base+=("$b") during+=("$t") added+=("$(sub "$t" "$b")")
            log "  CPU +$(sub "$t" "$b") ns, wall +$(sub "$tw" "$bw") ns"
        done
        printf '| %s | %s | %s | %s (%s) | none |\n' "$tool" "$(printf '%s\n' "${base[@]}" | median)" \
            "$(printf '%s\n' "${during[@]}" | median)" "$(printf '%s\n' "${added[@]}" | median)" "$(printf '%s\n' "${added[@]}" | minmax)"
    done
fi

# --- 3. start-to-attached --------------------------------------------------------------------------------
startup_runs() { # label jvm-options... : prints one time in ms per run
    local label=$1 i t0 out=$work/startup.out
    shift
    for ((i = 1; i <= STARTUP_RUNS; i++)); do
        rm -f "$out"
        t0=$EPOCHREALTIME
        # EPOCHREALTIME is read in this shell, no fork: the stamp is taken when the line arrives on the pipe
        java "$@" -jar "$jar" run --pid "$target" -f "$m1" 2>&1 | while IFS= read -r line; do
            if [[ $line == Tracing* ]]; then echo "$EPOCHREALTIME" >"$out"; fi
        done
        [[ -s $out ]] || { echo "run-all.sh: no 'Tracing' line ($label)" >&2; return 1; }
        awk -v a="$t0" -v b="$(cat "$out")" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }'
    done
}
startup_row() { # label note jvm-options...
    local label=$1 note=$2 ms
    shift 2
    log "startup: $label"
    ms=$(startup_runs "$label" "$@")
    printf '| %s | %s | %s ms | %s ms | %s |\n' "$label" "$note" "$(median <<<"$ms")" "$(minmax <<<"$ms")" \
        "$(awk -v v="$(median <<<"$ms")" 'BEGIN { print (v <= 300) ? "yes" : "no" }')"
}
phase_at() { grep -m1 -E "$2" "$1" | sed -E 's/^\[([0-9]+)ns\].*/\1/' | awk '{ printf "%.0f", $1 / 1e6 }'; }

if wants startup; then
    "$work/callcost-push" "$WINDOW_MS" "$PAD" >/dev/null &
    target=$!
    m1=$(manifest "$work/callcost-push" 1s)
    echo
    echo "## Start-to-attached: \`java -jar\` launch until the 'Tracing ' line, $STARTUP_RUNS runs"
    echo
    echo "| JVM options | note | median | min–max | ≤ 300 ms |"
    echo "|---|---|---|---|---|"
    startup_row "(none)" "as shipped"
    startup_row "-XX:TieredStopAtLevel=1" "C1 only"
    cds=$work/app.jsa
    java -XX:ArchiveClassesAtExit="$cds" -jar "$jar" run --pid "$target" -f "$m1" >/dev/null 2>&1
    startup_row "-XX:SharedArchiveFile=app.jsa" "AppCDS archive of one run" -XX:SharedArchiveFile="$cds"
    startup_row "AppCDS + -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "combined" \
        -XX:SharedArchiveFile="$cds" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

    echo
    echo "### Where the time goes (JVM uptime when the first class of each phase loads; median of 3 runs, -Xlog:class+load)"
    echo
    declare -A phase=()
    for ((r = 1; r <= 3; r++)); do
        cl=$work/classload-$r.log
        t0=$EPOCHREALTIME
        java -Xlog:class+load:file="$cl":uptimenanos -jar "$jar" run --pid "$target" -f "$m1" 2>&1 | while IFS= read -r line; do
            if [[ $line == Tracing* ]]; then echo "$EPOCHREALTIME" >"$work/cl-$r.stamp"; fi
        done
        phase[tracing]+="$(awk -v a="$t0" -v b="$(cat "$work/cl-$r.stamp")" 'BEGIN { printf "%.0f", (b - a) * 1000 }') "
        phase[main]+="$(phase_at "$cl" 'io\.tracejob\.agent\.cli\.AgentMain ') "
        phase[manifest]+="$(phase_at "$cl" 'com\.fasterxml\.jackson|io\.fabric8|org\.yaml') "
        phase[elf]+="$(phase_at "$cl" 'io\.tracejob\.agent\.probe\.ProbePlanner ') "
        phase[bpf]+="$(phase_at "$cl" 'io\.tracejob\.agent\.trace\.TraceSession ') "
        phase[perf]+="$(phase_at "$cl" 'io\.tracejob\.agent\.perf\.') "
        phase[classes]+="$(grep -c . "$cl") "
        phase[jackson]+="$(grep -c -E '\] (com\.fasterxml|io\.fabric8|org\.yaml)' "$cl") "
    done
    med() { tr ' ' '\n' <<<"${phase[$1]}" | grep . | median; }
    echo "| phase starts | at (ms of JVM uptime) |"
    echo "|---|---|"
    echo "| main class (JVM boot done) | $(med main) |"
    echo "| manifest parsing (first Jackson / fabric8 / SnakeYAML class) | $(med manifest) |"
    echo "| ELF resolve + site choice (ProbePlanner) | $(med elf) |"
    echo "| maps + BPF program load (TraceSession) | $(med bpf) |"
    echo "| perf_event_open + attach (first perf class) | $(med perf) |"
    echo "| 'Tracing ' line printed (wall ms since launch, same runs) | $(med tracing) |"
    echo
    echo "Classes loaded per run: $(med classes), of which Jackson / fabric8 / SnakeYAML: $(med jackson)."
    kill "$target"
    wait "$target" 2>/dev/null || true
fi

# --- 4. memory ------------------------------------------------------------------------------------------
# one line per BPF map / program fd of a process: "map <type> <key> <value> <max_entries> <memlock>" or "prog <type> <memlock>"
bpf_fdinfo() {
    local f
    for f in /proc/"$1"/fdinfo/*; do
        { cat "$f" 2>/dev/null || true; } | awk '
            /^map_type:/ { t = "map " $2 } /^key_size:/ { k = $2 } /^value_size:/ { v = $2 } /^max_entries:/ { n = $2 }
            /^prog_type:/ { t = "prog " $2 } /^memlock:/ { m = $2 }
            END { if (t ~ /^map/) print t, k, v, n, m; else if (t ~ /^prog/) print t, m }'
    done
}

if wants memory; then
    echo
    echo "## Agent memory during a ${RSS_S} s trace (push class), $REPS runs"
    echo
    echo "| figure | median | min–max |"
    echo "|---|---|---|"
    rss=() hwm=() memlock=()
    for ((r = 1; r <= REPS; r++)); do
        log "memory run $r"
        "$work/callcost-push" "$WINDOW_MS" "$PAD" >/dev/null &
        target=$!
        out=$work/mem-$r.out
        java -jar "$jar" run --pid "$target" -f "$(manifest "$work/callcost-push" "${RSS_S}s")" >"$out" 2>&1 &
        agent=$!
        wait_for "$out" '^Tracing ' 60
        peak=0 hw=0 ml=0
        while kill -0 "$agent" 2>/dev/null; do
            s=$(awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r + 0, h + 0 }' "/proc/$agent/status" 2>/dev/null || echo "0 0")
            read -r rk hk <<<"$s"
            ((rk > peak)) && peak=$rk
            ((hk > hw)) && hw=$hk
            # kernel memory charged for the agent's BPF maps, as the kernel reports it per map fd
            m=$(bpf_fdinfo "$agent" | awk '{ s += $NF } END { print s + 0 }')
            if ((m > ml)); then ml=$m; bpf_fdinfo "$agent" >"$work/mem-$r.fdinfo"; fi
            sleep 1
        done
        wait "$agent" || true
        kill "$target"
        wait "$target" 2>/dev/null || true
        rss+=("$peak") hwm+=("$hw") memlock+=("$ml")
    done
    printf '| VmRSS (peak of 1 s samples), MiB | %s | %s |\n' \
        "$(printf '%s\n' "${rss[@]}" | awk '{ printf "%.1f\n", $1 / 1024 }' | median)" "$(printf '%s\n' "${rss[@]}" | awk '{ printf "%.1f\n", $1 / 1024 }' | minmax)"
    printf '| VmHWM, MiB | %s | %s |\n' \
        "$(printf '%s\n' "${hwm[@]}" | awk '{ printf "%.1f\n", $1 / 1024 }' | median)" "$(printf '%s\n' "${hwm[@]}" | awk '{ printf "%.1f\n", $1 / 1024 }' | minmax)"
    printf '| BPF memlock of the agent'"'"'s fds (maps + programs, fdinfo), KiB | %s | %s |\n' \
        "$(printf '%s\n' "${memlock[@]}" | awk '{ printf "%.0f\n", $1 / 1024 }' | median)" "$(printf '%s\n' "${memlock[@]}" | awk '{ printf "%.0f\n", $1 / 1024 }' | minmax)"
    kb=$(java -cp "$jar" "$here/KernelBytes.java" 2>/dev/null | grep kernelBytes)
    echo
    echo "TraceMaps.kernelBytes (the agent's stated bound, default significantDigits): $kb"
    echo
    echo "BPF fds of the agent at its peak (run 1; memlock is what the kernel charges, incl. hash-table element overhead):"
    echo
    echo "| fd kind | type | key B | value B | max_entries | memlock B |"
    echo "|---|---|---|---|---|---|"
    sort "$work/mem-1.fdinfo" | awk '$1 == "map" { printf "| map | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6 }
        $1 == "prog" { printf "| prog | %s | | | | %s |\n", $2, $3 }' 
fi
