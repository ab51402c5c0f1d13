# Sourced, from the repository's root, by the benchmarks that run the agent's jar: $JAR (built if missing) and
# $WORK, a scratch directory removed on exit. A bench that starts a target keeps its PID in $TARGET, and the exit
# kills it — only if set: `kill 0` would signal this shell's whole process group.
JAR=$PWD/agent/target/tracejob-agent.jar
[ -f "$JAR" ] || mvn -B -q -pl agent -am package -DskipTests
WORK=$(mktemp -d)
trap 'if [ -n "${TARGET:-}" ]; then kill "$TARGET" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
