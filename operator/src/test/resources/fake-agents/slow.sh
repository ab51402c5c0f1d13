#!/bin/sh
# Traces until SIGTERM, then writes the partial result, as the agent does at the pod's deadline.
for a in "$@"; do [ "$prev" = --result-file ] && out=$a; prev=$a; done
trap 'printf "{\"count\":7,\"stopReason\":\"Signalled\",\"message\":\"SIGTERM\"}" > "$out"; exit 0' TERM
while :; do sleep 0.05; done
