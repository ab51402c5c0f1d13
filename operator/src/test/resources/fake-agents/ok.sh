#!/bin/sh
# Stands in for `tracejob-agent pod ...`: checks the argument shape, writes a Result naming what it was given.
[ "$1" = pod ] || { echo "tracejob-agent: expected 'pod', got '$1'" > /dev/stderr; exit 2; }
shift
while [ $# -gt 1 ]; do
  case "$1" in
    --spec-json) spec=$2 ;;
    --container-id) cid=$2 ;;
    --pod-uid) uid=$2 ;;
    --result-file) out=$2 ;;
    *) echo "tracejob-agent: unknown argument $1" > "${out:-/dev/stderr}"; exit 2 ;;
  esac
  shift 2
done
case "$spec" in *'"function":"match_order"'*) ;; *) echo "tracejob-agent: spec.probe.function missing" > "$out"; exit 2 ;; esac
printf '{"count":42,"minNanos":1000,"maxNanos":9000,"stopReason":"Completed","attachPoint":"%s %s"}' "$cid" "$uid" > "$out"
